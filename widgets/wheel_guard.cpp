#include "widgets/wheel_guard.h"

#include <QAbstractSpinBox>
#include <QComboBox>
#include <QEvent>
#include <QWidget>

namespace kiln::studio {

namespace {

constexpr char kGuarded[] = "kilnWheelGuarded";
const QString kGuardName = QStringLiteral("kilnWheelGuard");

class WheelGuard : public QObject {
public:
    using QObject::QObject;

    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() != QEvent::Wheel) return false;
        auto* w = qobject_cast<QWidget*>(watched);
        if (!w || w->hasFocus()) return false;
        // Filtered and ignored: QApplication offers the event to the parents, so the scroll area
        // under the box scrolls.
        event->ignore();
        return true;
    }
};

}  // namespace

void guardWheelInPanel(QWidget* panel) {
    if (!panel) return;
    QObject* guard = panel->findChild<QObject*>(kGuardName, Qt::FindDirectChildrenOnly);
    if (!guard) {
        guard = new WheelGuard(panel);
        guard->setObjectName(kGuardName);
    }
    QList<QWidget*> boxes;
    for (QAbstractSpinBox* b : panel->findChildren<QAbstractSpinBox*>()) boxes << b;
    for (QComboBox* b : panel->findChildren<QComboBox*>()) boxes << b;
    for (QWidget* b : boxes) {
        if (b->property(kGuarded).toBool()) continue;
        b->setProperty(kGuarded, true);
        b->setFocusPolicy(Qt::StrongFocus);
        b->installEventFilter(guard);
    }
}

}  // namespace kiln::studio
