#include "widgets/graph_view.h"

#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

#include "widgets/graph_scene.h"

namespace kiln::studio {

namespace {
constexpr double kMinZoom = 0.01;
constexpr double kMaxZoom = 6.0;
}  // namespace

// ---------------------------------------------------------------------------------------------
MiniMap::MiniMap(GraphView* view) : QWidget(view), view_(view) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    setCursor(Qt::CrossCursor);
    setToolTip(tr("Overview: click or drag to move the view"));
    resize(sizeHint());
}

void MiniMap::invalidate() {
    dirty_ = true;
    update();
}

void MiniMap::resizeEvent(QResizeEvent*) { invalidate(); }

QRectF MiniMap::mapTarget() const {
    const QRectF scene = view_->sceneRect();
    const QRectF area = QRectF(rect()).adjusted(4, 4, -4, -4);
    if (scene.isEmpty()) return area;
    const double scale = std::min(area.width() / scene.width(), area.height() / scene.height());
    const QSizeF size(scene.width() * scale, scene.height() * scale);
    return QRectF(area.center() - QPointF(size.width() / 2, size.height() / 2), size);
}

void MiniMap::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), QColor(245, 246, 248));
    if (dirty_) {
        pixmap_ = QPixmap(size() * devicePixelRatioF());
        pixmap_.setDevicePixelRatio(devicePixelRatioF());
        pixmap_.fill(Qt::transparent);
        QPainter mp(&pixmap_);
        mp.setRenderHint(QPainter::Antialiasing);
        view_->scene()->render(&mp, mapTarget(), view_->sceneRect(), Qt::KeepAspectRatio);
        dirty_ = false;
    }
    p.drawPixmap(0, 0, pixmap_);
    // The part of the scene the view shows.
    const QRectF scene = view_->sceneRect();
    const QRectF target = mapTarget();
    if (!scene.isEmpty()) {
        const QRectF visible = view_->mapToScene(view_->viewport()->rect()).boundingRect().intersected(scene);
        const double sx = target.width() / scene.width();
        const double sy = target.height() / scene.height();
        const QRectF box(target.left() + (visible.left() - scene.left()) * sx,
                         target.top() + (visible.top() - scene.top()) * sy, visible.width() * sx, visible.height() * sy);
        p.setPen(QPen(QColor(25, 118, 210), 1.5));
        p.setBrush(QColor(25, 118, 210, 30));
        p.drawRect(box);
    }
    p.setPen(QColor(180, 180, 180));
    p.setBrush(Qt::NoBrush);
    p.drawRect(rect().adjusted(0, 0, -1, -1));
}

void MiniMap::navigate(QPointF pos) {
    const QRectF scene = view_->sceneRect();
    const QRectF target = mapTarget();
    if (scene.isEmpty() || target.isEmpty()) return;
    const QPointF scenePos(scene.left() + (pos.x() - target.left()) * scene.width() / target.width(),
                           scene.top() + (pos.y() - target.top()) * scene.height() / target.height());
    view_->centerOn(scenePos);
}

void MiniMap::mousePressEvent(QMouseEvent* event) { navigate(event->position()); }

void MiniMap::mouseMoveEvent(QMouseEvent* event) {
    if (event->buttons() & Qt::LeftButton) navigate(event->position());
}

// ---------------------------------------------------------------------------------------------
GraphView::GraphView(GraphScene* scene, QWidget* parent) : QGraphicsView(scene, parent), scene_(scene) {
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setOptimizationFlags(QGraphicsView::DontSavePainterState);
    setFrameShape(QFrame::NoFrame);
    // The scene takes no drops: files dragged over the graph go on to the main window, which
    // opens them (QGraphicsView's own default accepts the drag, then refuses the drop).
    setAcceptDrops(false);
    viewport()->setAcceptDrops(false);
    miniMap_ = new MiniMap(this);
    connect(scene, &GraphScene::rebuilt, miniMap_, &MiniMap::invalidate);
    connect(scene, &QGraphicsScene::changed, miniMap_, [this] { miniMap_->update(); });
    placeMiniMap();
}

void GraphView::setZoom(double zoom) {
    zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
    const double factor = zoom / this->zoom();
    if (std::abs(factor - 1.0) < 1e-9) return;
    scale(factor, factor);
    miniMap_->update();
    emit zoomChanged(this->zoom());
}

void GraphView::wheelEvent(QWheelEvent* event) {
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0) return;
    setZoom(zoom() * std::pow(1.2, steps));
    event->accept();
}

void GraphView::fitToWindow() {
    const QRectF bounds = scene()->itemsBoundingRect();
    if (bounds.isEmpty()) return;
    fitWhenShown_ = !isVisible();
    fitInView(bounds.adjusted(-20, -20, 20, 20), Qt::KeepAspectRatio);
    // A small graph should not be blown up past its natural size.
    if (zoom() > 1.2) setZoom(1.2);
    miniMap_->update();
    emit zoomChanged(zoom());
}

void GraphView::zoomIn() { setZoom(zoom() * 1.25); }
void GraphView::zoomOut() { setZoom(zoom() / 1.25); }

void GraphView::focusNode(int node) {
    const QRectF r = scene_->visibleRectOf(node);
    if (r.isNull()) return;
    fitWhenShown_ = false;
    if (zoom() < 0.8) setZoom(1.0);
    centerOn(r.center());
    miniMap_->update();
}

void GraphView::setMiniMapVisible(bool visible) { miniMap_->setVisible(visible); }

void GraphView::placeMiniMap() {
    const QRect area = viewport()->geometry();
    const QSize size(std::clamp(area.width() / 5, 140, 240), std::clamp(area.height() / 5, 100, 180));
    miniMap_->resize(size);
    miniMap_->move(area.right() - size.width() - 10, area.bottom() - size.height() - 10);
    miniMap_->raise();
}

void GraphView::resizeEvent(QResizeEvent* event) {
    QGraphicsView::resizeEvent(event);
    placeMiniMap();
}

void GraphView::showEvent(QShowEvent* event) {
    QGraphicsView::showEvent(event);
    if (fitWhenShown_) fitToWindow();
}

void GraphView::scrollContentsBy(int dx, int dy) {
    QGraphicsView::scrollContentsBy(dx, dy);
    // The minimap is a child of the view: keep it pinned to the corner and show the new viewport.
    placeMiniMap();
    miniMap_->update();
}

}  // namespace kiln::studio
