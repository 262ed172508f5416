// RunInputChooser: one row that picks what the profiler and the accuracy comparison run on — seeded
// random data (a seed, and a shape field for each dynamic input of the engine, within its profile
// 0: empty means the opt shape), a test_data_set_* folder next to the open model, or .npy/.pb files.
// It edits the Workbench's RunInputChoice, so the profiler's row and the accuracy view's row show
// the same choice; opening another model resets it (Workbench::setModel). A shape outside the
// profile turns its field red (the run then fails with the input and the range named); one that
// does not parse is the choice's problem, which the run reports.
#pragma once

#include <QStringList>
#include <QWidget>
#include <functional>
#include <string>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QHBoxLayout;
class QSpinBox;
class QToolButton;

namespace kiln::studio {

class Workbench;

class RunInputChooser : public QWidget {
    Q_OBJECT
public:
    explicit RunInputChooser(Workbench* workbench, QWidget* parent = nullptr);

    // Picks the files instead of a file dialog (tests); an empty list leaves the choice alone.
    using FilesChooser = std::function<QStringList()>;
    void setFilesChooser(FilesChooser chooser) { filesChooser_ = std::move(chooser); }

    QComboBox* sourceBox() const { return source_; }
    QSpinBox* seedBox() const { return seed_; }
    QComboBox* dataSetBox() const { return dataSet_; }
    QToolButton* filesButton() const { return filesButton_; }
    // The shape field of a dynamic input (nullptr when the engine has none by that name).
    QLineEdit* shapeField(const QString& input) const;
    QStringList shapeInputs() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void rebuild();  // data sets and shape fields for the open model and engine
    void syncFromWorkbench();
    void store();          // the fields into the workbench's choice
    QString markShapes();  // colours the shape fields; the first unparsable one's message
    void chooseFiles();
    void updateVisibility();

    struct ShapeField {
        std::string input;
        std::vector<int64_t> min, opt, max;
        QLabel* label = nullptr;
        QLineEdit* edit = nullptr;
    };

    Workbench* workbench_;
    QHBoxLayout* shapesLayout_;
    QLabel* label_;
    QComboBox* source_;
    QLabel* seedLabel_;
    QSpinBox* seed_;
    QComboBox* dataSet_;
    QToolButton* filesButton_;
    QLabel* files_;
    QStringList chosenFiles_;
    std::vector<ShapeField> shapes_;
    FilesChooser filesChooser_;
    bool syncing_ = false;
};

}  // namespace kiln::studio
