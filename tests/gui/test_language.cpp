// Languages: the zh_CN catalogue loads and translates the interface; a Chinese system locale
// picks it when nothing is saved; the .ts files are complete.
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QMenuBar>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>
#include <cstdio>

#include "gui_test_util.h"
#include "widgets/graph_model.h"
#include "widgets/graph_panel.h"
#include "widgets/language.h"
#include "widgets/main_window.h"
#include "widgets/run_inputs.h"

using namespace kiln::studio;

class LanguageTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        test::isolateSettings();
        QSettings().clear();
    }

    void catalogueTranslatesAndSwitches() {
        LanguageManager language;
        QVERIFY(language.apply("zh_CN"));
        QCOMPARE(language.current(), QStringLiteral("zh_CN"));
        QCOMPARE(QCoreApplication::translate("kiln::studio::MainWindow", "&File"), QStringLiteral("文件(&F)"));
        QCOMPARE(opFamilyName(OpFamily::Convolution), QStringLiteral("卷积"));

        MainWindow window(&language);
        window.show();
        QCOMPARE(window.menuBar()->actions().at(0)->text(), QStringLiteral("文件(&F)"));
        QCOMPARE(window.propertiesDock()->windowTitle(), QStringLiteral("属性"));

        // Switching back retranslates the open window.
        QVERIFY(language.apply("en"));
        // (LanguageChange reaches widgets as a posted event.)
        QTRY_COMPARE(window.menuBar()->actions().at(0)->text(), QStringLiteral("&File"));
        QCOMPARE(window.propertiesDock()->windowTitle(), QStringLiteral("Properties"));

        // The choice is remembered; an unknown choice falls back to the system language.
        LanguageManager::saveChoice("zh_CN");
        QCOMPARE(LanguageManager::savedChoice(), QStringLiteral("zh_CN"));
        QVERIFY(language.applySaved());
        QTRY_COMPARE(window.menuBar()->actions().at(0)->text(), QStringLiteral("文件(&F)"));
        language.apply("xx");
        QCOMPARE(language.current(), LanguageManager::systemLanguage());
        LanguageManager::saveChoice(QString());
    }

    // The stored-outputs problems (run_inputs.cpp) are looked up in the RunInputs context: each has
    // a zh_CN translation there (lupdate had put two of them under "kiln::studio", so Chinese
    // sessions showed them in English).
    void storedOutputsProblemsAreTranslated() {
        LanguageManager language;
        QVERIFY(language.apply("zh_CN"));
        const QRegularExpression chinese("[\\x{4e00}-\\x{9fff}]");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("test_data_set_0")));
        QFile input(dir.filePath(QStringLiteral("test_data_set_0/input_0.pb")));
        QVERIFY(input.open(QIODevice::WriteOnly));
        input.close();
        RunInputChoice random;
        RunInputChoice noOutputs;
        noOutputs.source = InputSource::TestDataSet;
        noOutputs.dataSet = dir.filePath(QStringLiteral("test_data_set_0"));
        RunInputChoice noSet = noOutputs;
        noSet.dataSet.clear();
        for (const RunInputChoice& choice : {random, noOutputs, noSet}) {
            const QString problem = storedOutputsProblem(choice);
            QVERIFY2(chinese.match(problem).hasMatch(), qPrintable(problem));
        }
        QVERIFY(language.apply("en"));
    }

    void pluralsInEnglish() {
        LanguageManager language;
        QVERIFY(language.apply("en"));
        QCOMPARE(QCoreApplication::translate("kiln::studio::GraphStyle", "%n node(s)", nullptr, 1), QStringLiteral("1 node"));
        QCOMPARE(QCoreApplication::translate("kiln::studio::GraphStyle", "%n node(s)", nullptr, 60), QStringLiteral("60 nodes"));
    }

    // QLocale::system() reads LC_ALL / LC_MESSAGES / LANG once, when the application starts, so
    // each locale runs in a child process of this test: no saved choice (the child has its own
    // empty settings store), then what applySaved() picks, the same call kiln-studio makes.
    static QStringList probeLanguage(const QString& locale) {
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("KILN_LANGUAGE_PROBE"), QStringLiteral("1"));
        for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) env.insert(QString::fromLatin1(var), locale);
        env.remove(QStringLiteral("LANGUAGE"));
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {});
        if (!child.waitForFinished(60000) || child.exitCode() != 0) return {QStringLiteral("probe failed")};
        return QString::fromUtf8(child.readAllStandardOutput()).trimmed().split(QLatin1Char('|'));
    }

    void chineseSystemLocaleChoosesChinese() {
        const QStringList zh = probeLanguage(QStringLiteral("zh_CN.UTF-8"));
        QCOMPARE(zh, (QStringList{QStringLiteral("zh_CN"), QStringLiteral("zh_CN"), QStringLiteral("1"),
                                  QStringLiteral("文件(&F)")}));
        // The negative case: an English system stays English.
        const QStringList en = probeLanguage(QStringLiteral("en_US.UTF-8"));
        QCOMPARE(en, (QStringList{QStringLiteral("en"), QStringLiteral("en"), QStringLiteral("1"), QStringLiteral("&File")}));
    }

    void tsFilesAreComplete() {
        // Every message has a finished translation (lupdate marks new ones "unfinished").
        for (const char* name : {"kiln_zh_CN.ts", "kiln_en.ts"}) {
            QFile f(QStringLiteral(KILN_SOURCE_DIR "/translations/") + name);
            QVERIFY2(f.open(QIODevice::ReadOnly), name);
            const QString text = QString::fromUtf8(f.readAll());
            const int messages = int(text.count("<message"));
            QVERIFY2(messages > 100, name);
            QVERIFY2(!text.contains("type=\"unfinished\""), name);
            QVERIFY2(!text.contains("type=\"vanished\""), name);
        }
        // zh_CN: every translation contains Chinese text or is made only of symbols, numbers and
        // placeholders (%1, or the message catalogue's named ones: "{name}"), so no English
        // sentence slipped through.
        QFile f(QStringLiteral(KILN_SOURCE_DIR "/translations/kiln_zh_CN.ts"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(f.readAll());
        const QRegularExpression translation("<(?:translation|numerusform)>([^<]*)</");
        const QRegularExpression chinese("[\\x{4e00}-\\x{9fff}]");
        const QRegularExpression latinWord("[A-Za-z]{4,}");
        const QRegularExpression namedPlaceholder("\\{[A-Za-z][A-Za-z0-9]*\\}");
        auto it = translation.globalMatch(text);
        int checked = 0;
        while (it.hasNext()) {
            const QString t = it.next().captured(1);
            if (t.isEmpty()) continue;
            ++checked;
            QString stripped = t;
            // Technical terms kept as is in Chinese UIs.
            for (const char* term : {"ONNX", "Kiln Studio", "Kiln", "NaN", "Inf", "Graphviz", "Ctrl", "opset"})
                stripped.remove(QString::fromLatin1(term));
            stripped.remove(namedPlaceholder);
            QVERIFY2(chinese.match(t).hasMatch() || !latinWord.match(stripped).hasMatch(), qPrintable(t));
        }
        QVERIFY(checked > 100);
    }
};

// With KILN_LANGUAGE_PROBE set (chineseSystemLocaleChoosesChinese's child): print
// "systemLanguage|current|applied|translated &File" and exit; otherwise run the tests.
int main(int argc, char** argv) {
    if (qEnvironmentVariableIsSet("KILN_LANGUAGE_PROBE")) {
        QApplication app(argc, argv);
        LanguageManager language;
        const bool applied = language.applySaved();  // nothing saved: follows the system locale
        std::printf("%s|%s|%d|%s\n", qPrintable(LanguageManager::systemLanguage()), qPrintable(language.current()),
                    int(applied), QCoreApplication::translate("kiln::studio::MainWindow", "&File").toUtf8().constData());
        return 0;
    }
    QApplication app(argc, argv);
    app.setAttribute(Qt::AA_Use96Dpi, true);
    LanguageTest test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "test_language.moc"
