// kiln-studio: the Kiln desktop workbench.
//   kiln-studio [MODEL]                      open a model (or nothing)
//   kiln-studio --screenshot DIR MODEL       render the main views to PNG and exit (works offscreen)
//   kiln-studio --demo LAYERS                open a synthetic transformer of LAYERS 60-node layers
//   kiln-studio --lang zh_CN|en              language for this run (default: settings, then system)
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QTimer>
#include <cstdio>

#include "widgets/language.h"
#include "widgets/main_window.h"
#include "widgets/screenshot.h"
#include "widgets/synthetic_graph.h"

using namespace kiln::studio;

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Kiln"));
    QApplication::setApplicationName(QStringLiteral("Kiln Studio"));
    QApplication::setApplicationVersion(QStringLiteral(KILN_VERSION));

    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QApplication::translate("main", "Render the main views of MODEL to PNG files in DIR and exit."),
                                  QStringLiteral("DIR"));
    QCommandLineOption lang(QStringLiteral("lang"), QApplication::translate("main", "Interface language (en, zh_CN)."),
                            QStringLiteral("LANG"));
    QCommandLineOption demo(QStringLiteral("demo"),
                            QApplication::translate("main", "Open a synthetic transformer with LAYERS layers."),
                            QStringLiteral("LAYERS"));
    QCommandLineOption select(QStringLiteral("select"),
                              QApplication::translate("main", "With --screenshot: the node to select."),
                              QStringLiteral("NODE"));
    parser.addOptions({screenshot, lang, demo, select});
    parser.addPositionalArgument(QStringLiteral("model"), QApplication::translate("main", "ONNX model to open."));
    parser.process(app);

    LanguageManager language;
    if (parser.isSet(lang)) language.apply(parser.value(lang));
    else language.applySaved();

    MainWindow window(&language);
    const QStringList args = parser.positionalArguments();
    if (parser.isSet(demo)) {
        SyntheticGraphOptions options;
        options.layers = parser.value(demo).toInt();
        window.showGraph(makeTransformerGraph(options),
                         QStringLiteral("synthetic-transformer-%1-layers").arg(options.layers));
    } else if (!args.isEmpty()) {
        window.openFile(QDir::current().absoluteFilePath(args.first()));
    }

    if (parser.isSet(screenshot)) {
        if (args.isEmpty() && !parser.isSet(demo)) {
            std::fprintf(stderr, "kiln-studio: --screenshot needs a MODEL\n");
            return 2;
        }
        QString error;
        const QStringList files = takeScreenshots(window, parser.value(screenshot), &error, parser.value(select));
        for (const QString& f : files) std::printf("%s\n", qPrintable(f));
        if (!error.isEmpty()) {
            std::fprintf(stderr, "kiln-studio: %s\n", qPrintable(error));
            return 1;
        }
        return 0;
    }
    window.show();
    return app.exec();
}
