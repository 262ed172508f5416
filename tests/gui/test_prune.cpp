// Analyze > Prune to 2:4… (issue 12, the GUI side of `kiln prune`): on the bundled tiny_cnn the
// dialog lists the layers as `kiln inspect --sparsity` does with every eligible one checked, writes
// the pruned model where the user chose, and the written file has exact 2:4 patterns in exactly the
// checked layers (read back with engine_core/sparsity) while the other weights and the opened model
// stay as they were; the accuracy of the pruned model against the original appears in the accuracy
// view's table model, and the pruned model opens from the dialog. The open model is never the
// output, and an existing file is replaced only after a confirmation. The dialog speaks zh_CN.
#include <QAction>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include "engine_core/ir/graph.h"
#include "engine_core/onnx/importer.h"
#include "engine_core/sparsity/model_sparsity.h"
#include "engine_core/sparsity/structured_sparsity.h"
#include "gui_test_util.h"
#include "widgets/accuracy_model.h"
#include "widgets/language.h"
#include "widgets/main_window.h"
#include "widgets/prune_dialog.h"

using namespace kiln::studio;

namespace {
const QString kTinyCnn = QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_cnn/model.onnx");

QByteArray fileBytes(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool openAndWait(MainWindow& window, const QString& path) {
    QSignalSpy opened(&window, &MainWindow::modelOpened);
    window.openFile(path);
    return opened.wait(60000) && window.waitUntilIdle(60000);
}

QAction* menuAction(MainWindow& window, QAction* wanted) {
    for (QAction* top : window.menuBar()->actions())
        if (top->menu())
            for (QAction* a : top->menu()->actions())
                if (a == wanted) return a;
    return nullptr;
}

QTreeWidgetItem* row(QTreeWidget* list, const QString& layer) {
    for (int i = 0; i < list->topLevelItemCount(); ++i)
        if (list->topLevelItem(i)->text(PruneDialog::Layer) == layer) return list->topLevelItem(i);
    return nullptr;
}

// The weight initializer of a layer, as the importer reads it.
const kiln::Tensor* weightOf(const kiln::Graph& graph, const std::string& name) {
    const kiln::Value* v = graph.findValue(name);
    return v && v->constant ? &*v->constant : nullptr;
}
}  // namespace

class PruneTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir_;

private slots:
    void initTestCase() {
        test::isolateSettings();
        QVERIFY(dir_.isValid());
    }

    void prunesCheckedLayersAndShowsAccuracy() {
        const QString out = dir_.filePath(QStringLiteral("pruned.onnx"));
        const QByteArray original = fileBytes(kTinyCnn);
        MainWindow window;
        QStringList asked;
        window.setPathChooser([&](const QString& purpose, const QString& suggested) {
            asked << purpose;
            return purpose == QLatin1String("prune-output") &&
                           suggested.endsWith(QLatin1String("model-2of4.onnx"))
                       ? out
                       : QString();
        });
        QVERIFY(!window.pruneAction()->isEnabled());  // nothing open
        QVERIFY(menuAction(window, window.pruneAction()));
        QVERIFY(openAndWait(window, kTinyCnn));
        QVERIFY(window.pruneAction()->isEnabled());
        window.pruneAction()->trigger();
        PruneDialog* dialog = window.pruneDialog();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(dialog->pruneModel()->hasAnalysis(), 30000);

        // The list is `kiln inspect --sparsity`'s: every layer, the eligible ones checked.
        const kiln::ModelSparsityReport before = kiln::analyzeModelSparsity(kTinyCnn.toStdString());
        QCOMPARE(dialog->layerList()->topLevelItemCount(), int(before.layers.size()));
        QStringList eligible;
        for (const kiln::LayerSparsity& l : before.layers)
            if (l.eligible()) eligible << QString::fromStdString(l.layer);
        QCOMPARE(eligible, (QStringList{"block.pw.conv", "conv2", "fc"}));
        QCOMPARE(dialog->checkedLayers(), eligible);
        QTreeWidgetItem* stem = row(dialog->layerList(), QStringLiteral("stem.conv"));
        QVERIFY(stem);
        QVERIFY(!(stem->flags() & Qt::ItemIsEnabled));
        QVERIFY(stem->text(PruneDialog::Note).contains(QLatin1String("multiple of 4")));
        QCOMPARE(row(dialog->layerList(), QStringLiteral("conv2"))->text(PruneDialog::Groups),
                 QStringLiteral("0.0%"));

        // Leave fc dense: only the checked layers are pruned.
        row(dialog->layerList(), QStringLiteral("fc"))->setCheckState(PruneDialog::Layer, Qt::Unchecked);
        QCOMPARE(dialog->checkedLayers(), (QStringList{"block.pw.conv", "conv2"}));
        dialog->browseButton()->click();
        QVERIFY(asked.contains(QStringLiteral("prune-output")));
        QCOMPARE(dialog->outputField()->text(), out);
        QVERIFY(dialog->pruneButton()->isEnabled());
        QSignalSpy progress(dialog->pruneModel(), &PruneModel::progress);
        dialog->pruneButton()->click();
        QVERIFY(dialog->pruneModel()->isRunning());
        QVERIFY(dialog->cancelButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->pruneModel()->isRunning(), 60000);
        QVERIFY2(dialog->pruneModel()->lastError().isEmpty(), qPrintable(dialog->pruneModel()->lastError()));
        QVERIFY(dialog->pruneModel()->hasOutcome());
        QVERIFY(!dialog->pruneModel()->outcome().cancelled);
        QVERIFY(!progress.isEmpty());

        // The written file: exact 2:4 in the checked layers, the rest as it was.
        QVERIFY(QFileInfo::exists(out));
        const kiln::ModelSparsityReport after = kiln::analyzeModelSparsity(out.toStdString());
        QCOMPARE(after.layers.size(), before.layers.size());
        for (const kiln::LayerSparsity& l : after.layers) {
            const QString name = QString::fromStdString(l.layer);
            if (!l.eligible()) continue;
            QVERIFY2(l.stats, qPrintable(name));
            QCOMPARE(l.stats->is2to4(), name != QLatin1String("fc"));
        }
        QCOMPARE(after.sparseCount(), 2);
        // Checked directly on the tensors: conv2's weight [32,16,3,3] along C, and fc's untouched.
        const kiln::ImportResult prunedGraph = kiln::importOnnxFile(out.toStdString());
        const kiln::ImportResult originalGraph = kiln::importOnnxFile(kTinyCnn.toStdString());
        const kiln::Tensor* conv2 = weightOf(*prunedGraph.graph, "conv2.weight");
        QVERIFY(conv2);
        const kiln::SparsityStats conv2Stats = kiln::check2to4(*conv2, 1);
        QCOMPARE(conv2Stats.groups, int64_t(32 * 4 * 3 * 3));
        QCOMPARE(conv2Stats.compliantGroups, conv2Stats.groups);
        QCOMPARE(conv2Stats.zeros, int64_t(32 * 16 * 3 * 3 / 2));
        const kiln::Tensor* fcPruned = weightOf(*prunedGraph.graph, "fc.weight");
        const kiln::Tensor* fcOriginal = weightOf(*originalGraph.graph, "fc.weight");
        QVERIFY(fcPruned && fcOriginal);
        QCOMPARE(QByteArray(static_cast<const char*>(fcPruned->raw()), qsizetype(fcPruned->byteSize())),
                 QByteArray(static_cast<const char*>(fcOriginal->raw()), qsizetype(fcOriginal->byteSize())));
        QCOMPARE(fileBytes(kTinyCnn), original);  // the opened model is untouched
        QCOMPARE(row(dialog->layerList(), QStringLiteral("conv2"))->text(PruneDialog::Groups),
                 QStringLiteral("0.0% \u2192 100.0%"));

        // The accuracy effect: the output compared as the accuracy view compares, shown in its table.
        AccuracyModel* accuracy = dialog->pruneModel()->accuracy();
        QVERIFY(accuracy->hasReport());
        QCOMPARE(accuracy->rowCount(), 1);
        QCOMPARE(accuracy->rowName(0), QStringLiteral("probs"));
        QCOMPARE(dialog->accuracyTable()->model()->rowCount(), 1);
        const kiln::TensorComparison& c = accuracy->report().outputs.front().comparison;
        QVERIFY(c.cosineSimilarity > 0.5 &&
                c.cosineSimilarity < 1.0);  // random weights: pruning moves the outputs
        QVERIFY(c.maxAbsError > 0);
        const QString status = accuracy->data(accuracy->index(0, AccuracyModel::Status)).toString();
        QVERIFY(!status.isEmpty());
        QVERIFY2(dialog->resultLabel()->text().contains(QLatin1String("Pruned 2 layer")),
                 qPrintable(dialog->resultLabel()->text()));
        QVERIFY(dialog->resultLabel()->text().contains(QLatin1String("Accuracy:")));
        QVERIFY(dialog->resultLabel()->text().contains(QDir::toNativeSeparators(out)));

        // Open the pruned model from the dialog.
        QVERIFY(dialog->openButton()->isEnabled());
        QSignalSpy opened(&window, &MainWindow::modelOpened);
        dialog->openButton()->click();
        QVERIFY(opened.wait(60000));
        QCOMPARE(opened.first().first().toString(), out);
        QVERIFY(!dialog->isVisible());
    }

    void neverOverwritesSilently() {
        // A copy of the sample, so a failure here can't damage the bundled model.
        const QString model = dir_.filePath(QStringLiteral("copy.onnx"));
        QVERIFY(QFile::copy(kTinyCnn, model));
        const QByteArray original = fileBytes(model);
        MainWindow window;
        window.setPathChooser([](const QString&, const QString&) { return QString(); });
        QVERIFY(openAndWait(window, model));
        window.pruneAction()->trigger();
        PruneDialog* dialog = window.pruneDialog();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->pruneModel()->hasAnalysis(), 30000);
        QCOMPARE(dialog->outputField()->text(), dir_.filePath(QStringLiteral("copy-2of4.onnx")));
        QStringList confirmed;
        bool answer = false;
        dialog->setOverwriteConfirmer([&](const QString& path) {
            confirmed << path;
            return answer;
        });

        // The open model itself: refused, no question asked, nothing written.
        dialog->outputField()->setText(model);
        dialog->prune();
        QVERIFY(!dialog->pruneModel()->isRunning());
        QVERIFY(confirmed.isEmpty());
        QVERIFY2(dialog->statusLabel()->text().contains(QLatin1String("open model")),
                 qPrintable(dialog->statusLabel()->text()));
        // The model refuses it too, whatever the dialog checked.
        PruneRequest request;
        request.model = model;
        request.output = model;
        request.layers = {QStringLiteral("conv2")};
        QSignalSpy failed(dialog->pruneModel(), &PruneModel::failed);
        dialog->pruneModel()->run(request);
        QCOMPARE(failed.count(), 1);
        QVERIFY(!dialog->pruneModel()->isRunning());
        QCOMPARE(fileBytes(model), original);

        // Another existing file: asked first; "no" leaves it alone, "yes" replaces it.
        const QString other = dir_.filePath(QStringLiteral("other.onnx"));
        {
            QFile f(other);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("keep me");
        }
        dialog->outputField()->setText(other);
        dialog->prune();
        QCOMPARE(confirmed, QStringList{other});
        QVERIFY(!dialog->pruneModel()->isRunning());
        QCOMPARE(fileBytes(other), QByteArray("keep me"));
        answer = true;
        dialog->prune();
        QCOMPARE(confirmed.size(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->pruneModel()->isRunning(), 60000);
        QVERIFY2(dialog->pruneModel()->lastError().isEmpty(), qPrintable(dialog->pruneModel()->lastError()));
        QCOMPARE(kiln::analyzeModelSparsity(other.toStdString()).sparseCount(), 3);
        QCOMPARE(fileBytes(model), original);
    }

    void speaksChinese() {
        LanguageManager language;
        QVERIFY(language.apply("zh_CN"));
        MainWindow window(&language);
        window.setPathChooser([](const QString&, const QString&) { return QString(); });
        QVERIFY(openAndWait(window, kTinyCnn));
        QVERIFY(test::hasChinese(window.pruneAction()->text()));
        window.pruneAction()->trigger();
        PruneDialog* dialog = window.pruneDialog();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->pruneModel()->hasAnalysis(), 30000);
        QVERIFY(test::hasChinese(dialog->windowTitle()));
        QVERIFY(test::hasChinese(dialog->pruneButton()->text()));
        QVERIFY(
            test::hasChinese(row(dialog->layerList(), QStringLiteral("stem.conv"))->text(PruneDialog::Note)));
        QVERIFY(test::hasChinese(dialog->layerList()->headerItem()->text(PruneDialog::Groups)));
        language.apply("en");
    }
};

QTEST_MAIN(PruneTest)
#include "test_prune.moc"
