// Spin boxes and combo boxes in a scrolling settings panel take the mouse wheel only once they
// have focus (a click or Tab), as Qt Creator's settings pages do; before that the wheel scrolls the
// panel. Otherwise scrolling down the build panel silently changed the optimization level and the
// calibration batches under the pointer.
#pragma once

class QWidget;

namespace kiln::studio {

// Guards every QAbstractSpinBox and QComboBox under `panel` not guarded yet (call it again after
// adding rows): Qt::StrongFocus, so the wheel gives no focus, and an event filter that passes a
// wheel event on to the parent while the box has no focus.
void guardWheelInPanel(QWidget* panel);

}  // namespace kiln::studio
