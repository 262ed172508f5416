// kiln-studio: the Kiln desktop workbench.
//   kiln-studio [MODEL]                      open a model (or nothing)
//   kiln-studio --screenshot DIR MODEL       render the main views to PNG and exit (works offscreen)
//   kiln-studio --demo LAYERS                open a synthetic transformer of LAYERS 60-node layers
//   kiln-studio --lang zh_CN|en              language for this run (default: settings, then system)
//   kiln-studio --help | --version           print and exit (no display needed)
#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QTimer>
#include <cstdio>
#include <cstring>

#include "widgets/language.h"
#include "widgets/main_window.h"
#include "widgets/screenshot.h"
#include "widgets/synthetic_graph.h"

using namespace kiln::studio;

namespace {

struct StudioOptions {
    QCommandLineOption screenshot{
        QStringLiteral("screenshot"),
        QCoreApplication::translate("main", "Render the main views of MODEL to PNG files in DIR and exit."),
        QStringLiteral("DIR")};
    QCommandLineOption lang{QStringLiteral("lang"),
                            QCoreApplication::translate("main", "Interface language (en, zh_CN)."),
                            QStringLiteral("LANG")};
    QCommandLineOption demo{
        QStringLiteral("demo"),
        QCoreApplication::translate("main", "Open a synthetic transformer with LAYERS layers."),
        QStringLiteral("LAYERS")};
    QCommandLineOption select{QStringLiteral("select"),
                              QCoreApplication::translate("main", "With --screenshot: the node to select."),
                              QStringLiteral("NODE")};

    void addTo(QCommandLineParser& parser) const {
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOptions({screenshot, lang, demo, select});
        parser.addPositionalArgument(QStringLiteral("model"),
                                     QCoreApplication::translate("main", "ONNX model to open."));
    }
};

void describeApplication() {
    QCoreApplication::setOrganizationName(QStringLiteral("Kiln"));
    QCoreApplication::setApplicationName(QStringLiteral("Kiln Studio"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KILN_VERSION));
}

// --help and --version need no display: QApplication would load the platform plugin first and abort
// where there is none (ssh, CI). Looked for by hand, before any application object exists.
bool wantsOnlyText(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const char* a = argv[i];
        if (std::strcmp(a, "--") == 0) return false;
        for (const char* flag : {"-h", "--help", "-?", "--help-all", "-v", "--version"})
            if (std::strcmp(a, flag) == 0) return true;
    }
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    if (wantsOnlyText(argc, argv)) {
        // A QCoreApplication loads no platform plugin; the parser prints the same help and exits.
        QCoreApplication app(argc, argv);
        describeApplication();
        QCommandLineParser parser;
        StudioOptions options;
        options.addTo(parser);
        parser.process(app);
        return 0;
    }

    QApplication app(argc, argv);
    describeApplication();

    QCommandLineParser parser;
    const StudioOptions options;
    options.addTo(parser);
    parser.process(app);

    LanguageManager language;
    if (parser.isSet(options.lang))
        language.apply(parser.value(options.lang));
    else language.applySaved();

    MainWindow window(&language);
    const QStringList args = parser.positionalArguments();
    if (parser.isSet(options.demo)) {
        SyntheticGraphOptions synthetic;
        synthetic.layers = parser.value(options.demo).toInt();
        window.showGraph(makeTransformerGraph(synthetic),
                         QStringLiteral("synthetic-transformer-%1-layers").arg(synthetic.layers));
    } else if (!args.isEmpty()) {
        window.openFile(QDir::current().absoluteFilePath(args.first()));
    }

    if (parser.isSet(options.screenshot)) {
        if (args.isEmpty() && !parser.isSet(options.demo)) {
            std::fprintf(stderr, "kiln-studio: --screenshot needs a MODEL\n");
            return 2;
        }
        QString error;
        const QStringList files =
            takeScreenshots(window, parser.value(options.screenshot), &error, parser.value(options.select));
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
