// MainWindow end to end: open models (command line path, recent-files action, drag and drop, the
// kiln-studio executable), a failing import shown as a message instead of a crash, settings, and
// the --screenshot renderer.
#include <QDockWidget>
#include <QFileInfo>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QDir>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QWindow>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include "gui_test_util.h"
#include "widgets/graph_panel.h"
#include "widgets/graph_scene.h"
#include "widgets/build_controller.h"
#include "widgets/language.h"
#include "widgets/main_window.h"
#include "widgets/screenshot.h"
#include "widgets/summary_panel.h"

using namespace kiln::studio;

class MainWindowTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir_;
    QString tiny_;
    QString broken_;

private slots:
    void initTestCase() {
        test::isolateSettings();
        QSettings().clear();
        QVERIFY(dir_.isValid());
        tiny_ = dir_.filePath("tiny.onnx");
        broken_ = dir_.filePath("broken.onnx");
        test::writeTinyOnnx(tiny_);
        test::writeBrokenFile(broken_);
    }

    void settingsAreThisProcesssOwn() {
        // The shared test setup gives every test executable a settings file of its own, in a fresh
        // temporary folder: a parallel test's recent files cannot show up here.
        const QString file = QSettings().fileName();
        QVERIFY2(file.startsWith(QDir::tempPath() + QStringLiteral("/kiln-settings-kiln_gui_test_main_window-")), qPrintable(file));
        QCOMPARE(QCoreApplication::applicationName(), QStringLiteral("kiln_gui_test_main_window"));
        QVERIFY(MainWindow::recentFiles().isEmpty());
    }

    void opensModelFromPath() {
        MainWindow window;
        window.show();
        QSignalSpy opened(&window, &MainWindow::modelOpened);
        window.openFile(tiny_);
        QVERIFY(opened.wait(30000));
        QVERIFY(window.waitUntilIdle(30000));
        // image → Conv → Relu → features
        QCOMPARE(window.graphModel()->nodeCount(), 4);
        QCOMPARE(window.graphModel()->operatorCount(), 2);
        QVERIFY(window.graphPanel()->scene()->nodeItemCount() == 4);
        QVERIFY(window.windowTitle().startsWith("tiny.onnx"));
        QVERIFY(window.lastError().isEmpty());
        QCOMPARE(window.summaryPanel()->tree()->topLevelItem(0)->child(0)->text(1), QStringLiteral("tiny.onnx"));
        QCOMPARE(MainWindow::recentFiles().value(0), QFileInfo(tiny_).absoluteFilePath());
    }

    void importFailureShowsMessage() {
        MainWindow window;
        window.show();
        QSignalSpy failed(&window, &MainWindow::modelFailed);
        window.openFile(broken_);
        QVERIFY(failed.wait(30000));
        QVERIFY(!window.lastError().isEmpty());
        QVERIFY(!window.lastError().contains('\n'));
        QVERIFY2(window.lastError().contains("broken.onnx"), qPrintable(window.lastError()));
        QVERIFY(window.errorBox() != nullptr);
        QVERIFY(window.errorBox()->isVisible());
        QCOMPARE(window.errorBox()->informativeText(), window.lastError());
        QCOMPARE(window.graphModel()->nodeCount(), 0);

        window.openFile(dir_.filePath("missing.onnx"));
        QVERIFY(failed.wait(30000));
        QVERIFY(window.lastError().contains("missing.onnx"));

        // The window still works after failures.
        QSignalSpy opened(&window, &MainWindow::modelOpened);
        window.openFile(tiny_);
        QVERIFY(opened.wait(30000));
        QVERIFY(window.lastError().isEmpty());
    }

    // Issue 15: a folder is "not a regular file", in the CLI's words (translated), not "no such file".
    void openingAFolderSaysItIsNotARegularFile() {
        MainWindow window;
        window.show();
        QSignalSpy failed(&window, &MainWindow::modelFailed);
        const QString folder = dir_.filePath("a-folder.onnx");
        QVERIFY(QDir().mkpath(folder));
        window.openFile(folder);
        QVERIFY(failed.wait(30000));
        QVERIFY2(window.lastError().contains(QStringLiteral("is not a regular file")),
                 qPrintable(window.lastError()));
        QVERIFY(window.lastError().contains(folder));
        QVERIFY(!window.lastError().contains(QStringLiteral("no such file")));
        window.openFile(dir_.filePath("missing.onnx"));
        QVERIFY(failed.wait(30000));
        QVERIFY2(window.lastError().contains(QStringLiteral("does not exist")),
                 qPrintable(window.lastError()));
    }

    void recentFilesActionAndDrop() {
        MainWindow window;
        window.show();
        // File → Open Recent → first entry.
        QMenu* file = window.menuBar()->actions().at(0)->menu();
        QMenu* recent = nullptr;
        for (QAction* a : file->actions())
            if (a->menu() && !recent) recent = a->menu();  // the first submenu; File > Export comes later
        QVERIFY(recent);
        QAction* first = recent->actions().at(0);
        QVERIFY(first->text().contains("tiny.onnx"));
        QSignalSpy opened(&window, &MainWindow::modelOpened);
        first->trigger();
        QVERIFY(opened.wait(30000));
        QCOMPARE(window.graphModel()->operatorCount(), 2);

        // Drag and drop of a file onto the window.
        window.graphModel()->clear();
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(tiny_)});
        // Qt delivers a drop only to the widget that accepted the drag's enter event.
        QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QVERIFY(opened.wait(30000));
        QCOMPARE(window.graphModel()->operatorCount(), 2);
    }

    void layoutPersists() {
        {
            MainWindow window;
            window.show();
            window.propertiesDock()->hide();
            window.close();
        }
        QVERIFY(!QSettings().value("window/state").toByteArray().isEmpty());
        MainWindow again;
        again.show();
        QVERIFY(!again.propertiesDock()->isVisible());
        again.propertiesDock()->show();
        again.close();
    }

    void screenshotsInProcess() {
        MainWindow window;
        // The default size: at 1200 wide the graph toolbar's minimum (d656676) leaves the summary
        // dock 70 pixels, too narrow for a screenshot.
        window.resize(1400, 860);
        window.openFile(tiny_);
        QString error;
        const QStringList files = takeScreenshots(window, dir_.filePath("shots"), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        // main, summary, properties, graph; fusion, build, build layers, profiler, timeline, heat map,
        // accuracy, compare builds.
        QCOMPARE(files.size(), 12);
        QVERIFY(files.contains(QDir(dir_.filePath("shots")).filePath("build-layers.png")));
        QVERIFY(files.last().endsWith("compare-builds.png"));
        for (const QString& f : files) {
            QImage image(f);
            QVERIFY2(!image.isNull() && image.width() > 100, qPrintable(f));
        }
        // The properties dock shows the node with the largest weight: the Conv.
        QCOMPARE(window.graphModel()->node(window.graphModel()->currentNode()).opType, QStringLiteral("Conv"));
    }

    void opensBundledSample() {
        // resources/samples/ lands with the samples branch; until then there is nothing to open.
        const QString sample = QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_cnn/model.onnx");
        if (!QFileInfo::exists(sample)) QSKIP("resources/samples/tiny_cnn/model.onnx not in this checkout");
        MainWindow window;
        window.show();
        QSignalSpy opened(&window, &MainWindow::modelOpened);
        window.openFile(sample);
        QVERIFY2(opened.wait(30000), qPrintable(window.lastError()));
        QVERIFY(window.waitUntilIdle(30000));
        QVERIFY(window.graphModel()->operatorCount() > 0);
        QVERIFY(window.graphPanel()->scene()->nodeItemCount() + window.graphPanel()->scene()->blockItemCount() > 0);
    }

    void commandLine() {
        // kiln-studio --screenshot DIR MODEL, and a failing model exits non-zero with one line.
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("QT_QPA_PLATFORM", "offscreen");
        env.insert("XDG_CONFIG_HOME", dir_.filePath("config"));
        p.setProcessEnvironment(env);
        const QString shots = dir_.filePath("cli-shots");
        p.start(KILN_STUDIO_PATH, {"--lang", "en", "--screenshot", shots, tiny_});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        for (const char* name : {"main.png", "graph.png", "summary.png", "properties.png", "fusion.png", "build.png",
                                 "profiler.png", "heatmap.png", "accuracy.png"})
            QVERIFY2(QFileInfo(shots + "/" + name).size() > 1000, name);
        p.start(KILN_STUDIO_PATH, {"--screenshot", shots, broken_});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 1);
        QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains("broken.onnx"));
    }

    // Issue 15: --help and --version print and exit with no display at all (ssh, CI), where
    // creating the QApplication first aborted on the platform plugin.
    void helpAndVersionNeedNoDisplay() {
        for (const QString& platform :
             {QString(), QStringLiteral("xcb"), QStringLiteral("no-such-platform")}) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) env.remove(name);
            if (!platform.isEmpty()) env.insert("QT_QPA_PLATFORM", platform);
            env.insert("XDG_CONFIG_HOME", dir_.filePath("config"));
            p.setProcessEnvironment(env);
            p.start(KILN_STUDIO_PATH, {"--help"});
            QVERIFY(p.waitForFinished(60000));
            const QString err = QString::fromUtf8(p.readAllStandardError());
            QCOMPARE(p.exitStatus(), QProcess::NormalExit);
            QVERIFY2(p.exitCode() == 0, qPrintable(platform + ": " + err));
            const QString help = QString::fromUtf8(p.readAllStandardOutput());
            for (const char* expected :
                 {"Usage:", "--screenshot <DIR>", "--lang <LANG>", "--demo <LAYERS>", "--version"})
                QVERIFY2(help.contains(expected),
                         qPrintable(QStringLiteral("missing %1 in:\n%2").arg(expected, help)));
            p.start(KILN_STUDIO_PATH, {"--version"});
            QVERIFY(p.waitForFinished(60000));
            QCOMPARE(p.exitStatus(), QProcess::NormalExit);
            QCOMPARE(p.exitCode(), 0);
            QVERIFY(QString::fromUtf8(p.readAllStandardOutput()).startsWith(QStringLiteral("Kiln Studio ")));
        }
    }

    // Issue 15: many models are called model.onnx, so the title names the folder too; "*" while a
    // built engine is not exported; an engine file says so; both languages.
    void titleShowsFolderAndName() {
        QDir(dir_.path()).mkpath(QStringLiteral("resnet50"));
        const QString model = dir_.filePath(QStringLiteral("resnet50/model.onnx"));
        QFile::remove(model);
        QVERIFY(QFile::copy(QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_cnn/model.onnx"), model));
        LanguageManager language;
        QVERIFY(language.apply(QStringLiteral("en")));
        MainWindow window(&language);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // The title the window system shows ([*] replaced).
        auto shown = [&] { return window.windowHandle()->title(); };
        QCOMPARE(shown(), QStringLiteral("Kiln Studio"));
        QSignalSpy opened(&window, &MainWindow::modelOpened);
        window.openFile(model);
        QVERIFY(opened.wait(30000));
        QVERIFY(window.waitUntilIdle(30000));
        QCOMPARE(shown(), QStringLiteral("model.onnx \u2014 resnet50/ \u2014 Kiln Studio"));

        QSignalSpy built(window.workbench()->builder(), &BuildController::finished);
        window.buildAction()->trigger();
        QVERIFY(built.wait(120000));
        QVERIFY(window.waitUntilIdle(60000));
        QCOMPARE(shown(), QStringLiteral("model.onnx* \u2014 resnet50/ \u2014 Kiln Studio"));
        QVERIFY(language.apply(QStringLiteral("zh_CN")));
        QTRY_COMPARE(window.menuBar()->actions().at(0)->text(), QStringLiteral("\u6587\u4EF6(&F)"));
        QCOMPARE(shown(), QStringLiteral("model.onnx* \u2014 resnet50/ \u2014 Kiln Studio"));
        QVERIFY(language.apply(QStringLiteral("en")));
        QTRY_COMPARE(window.menuBar()->actions().at(0)->text(), QStringLiteral("&File"));
        const QString engine = dir_.filePath(QStringLiteral("resnet50/model.kiln"));
        window.setPathChooser([&](const QString&, const QString&) { return engine; });
        window.exportEngineAction()->trigger();
        QVERIFY(QFileInfo::exists(engine));
        QCOMPARE(shown(), QStringLiteral("model.onnx \u2014 resnet50/ \u2014 Kiln Studio"));

        window.openFile(engine);
        QVERIFY(opened.wait(30000));
        QVERIFY(window.waitUntilIdle(30000));
        QCOMPARE(shown(), QStringLiteral("model.kiln (engine) \u2014 resnet50/ \u2014 Kiln Studio"));
        QVERIFY(language.apply(QStringLiteral("zh_CN")));
        // (LanguageChange reaches widgets as a posted event.)
        QTRY_COMPARE(shown(), QStringLiteral("model.kiln\uFF08\u63A8\u7406\u5F15\u64CE\uFF09\u2014 resnet50/ \u2014 Kiln Studio"));
        QVERIFY(language.apply(QStringLiteral("en")));
        QTRY_COMPARE(shown(), QStringLiteral("model.kiln (engine) \u2014 resnet50/ \u2014 Kiln Studio"));
        LanguageManager::saveChoice(QString());
    }

    // Issue 15: Help lists the bundled documents (opening the file) and a dialog of the window's
    // keyboard shortcuts, gathered from its actions.
    void helpHasDocsAndShortcuts() {
        const QString docs = MainWindow::docsFolder();
        QCOMPARE(QFileInfo(docs).canonicalFilePath(), QFileInfo(QStringLiteral(KILN_SOURCE_DIR "/docs")).canonicalFilePath());
        MainWindow window;
        window.show();
        QMenu* menu = window.documentationMenu();
        QVERIFY(window.helpMenu()->actions().contains(menu->menuAction()));
        const int mdFiles = int(QDir(docs).entryList({QStringLiteral("*.md")}, QDir::Files).size());
        QVERIFY(mdFiles > 5);
        QCOMPARE(int(menu->actions().size()), mdFiles);
        QAction* cli = nullptr;
        for (QAction* a : menu->actions())
            if (a->data().toString().endsWith(QStringLiteral("/cli.md"))) cli = a;
        QVERIFY(cli);
        QCOMPARE(cli->text(), QStringLiteral("The kiln command line"));  // its "# " title
        QList<QUrl> openedUrls;
        window.setUrlOpener([&](const QUrl& url) { openedUrls << url; });
        cli->trigger();
        QCOMPARE(openedUrls, QList<QUrl>{QUrl::fromLocalFile(QDir(docs).filePath(QStringLiteral("cli.md")))});
        // $KILN_DOCS_DIR overrides; a folder without the documents gives none.
        qputenv("KILN_DOCS_DIR", dir_.path().toUtf8());
        QVERIFY(MainWindow::docsFolder().isEmpty());
        qunsetenv("KILN_DOCS_DIR");

        // Shortcuts: the actual ones of the window's actions, in menu order.
        const QList<QPair<QString, QString>> shortcuts = window.keyboardShortcuts();
        auto find = [&](const QString& text) {
            for (const auto& [action, keys] : shortcuts)
                if (action == text) return keys;
            return QString();
        };
        QCOMPARE(find(QStringLiteral("Open Model or Engine")), QKeySequence(QKeySequence::Open).toString(QKeySequence::NativeText));
        QCOMPARE(find(QStringLiteral("Build Engine")), window.buildAction()->shortcut().toString(QKeySequence::NativeText));
        QCOMPARE(find(QStringLiteral("Fit to Window")), QStringLiteral("Ctrl+0"));
        QCOMPARE(shortcuts.first().first, QStringLiteral("Open Model or Engine"));
        int withShortcut = 0;
        for (QAction* a : window.findChildren<QAction*>()) withShortcut += a->shortcut().isEmpty() ? 0 : 1;
        QCOMPARE(int(shortcuts.size()), withShortcut);
        window.shortcutsAction()->trigger();
        auto* dialog = window.findChild<QDialog*>(QStringLiteral("ShortcutsDialog"));
        QVERIFY(dialog && dialog->isVisible());
        auto* table = dialog->findChild<QTableWidget*>();
        QVERIFY(table);
        QCOMPARE(table->rowCount(), int(shortcuts.size()));
        QCOMPARE(table->item(0, 0)->text(), shortcuts.first().first);
        QCOMPARE(table->item(0, 1)->text(), shortcuts.first().second);
        dialog->close();
    }
};

QTEST_MAIN(MainWindowTest)
#include "test_main_window.moc"
