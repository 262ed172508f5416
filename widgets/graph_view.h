// GraphView: the QGraphicsView over a GraphScene, with wheel zoom, drag to pan, fit to window and a
// minimap in the bottom-right corner. MiniMap renders the whole scene once into a pixmap (cheap to
// repaint on every scroll) and shows the visible part; clicking or dragging on it navigates.
#pragma once

#include <QGraphicsView>
#include <QPixmap>
#include <QWidget>

namespace kiln::studio {

class GraphScene;
class GraphView;

class MiniMap : public QWidget {
    Q_OBJECT
public:
    explicit MiniMap(GraphView* view);
    void invalidate();  // the scene changed: render it again
    QSize sizeHint() const override { return {200, 150}; }

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    QRectF mapTarget() const;  // where the scene is drawn inside the widget
    void navigate(QPointF widgetPos);

    GraphView* view_;
    QPixmap pixmap_;
    bool dirty_ = true;
};

class GraphView : public QGraphicsView {
    Q_OBJECT
public:
    explicit GraphView(GraphScene* scene, QWidget* parent = nullptr);

    GraphScene* graphScene() const { return scene_; }
    MiniMap* miniMap() const { return miniMap_; }
    double zoom() const { return transform().m11(); }
    void setZoom(double zoom);
    // Centres the node (or the block hiding it) and zooms in far enough to read it.
    void focusNode(int node);

public slots:
    // Fits the whole graph. A view fitted while hidden (on another tab) fits again when shown.
    void fitToWindow();
    void zoomIn();
    void zoomOut();
    void setMiniMapVisible(bool visible);

signals:
    void zoomChanged(double zoom);

protected:
    void wheelEvent(QWheelEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    void placeMiniMap();

    GraphScene* scene_;
    MiniMap* miniMap_;
    bool fitWhenShown_ = false;  // fitted while hidden (another tab): no real viewport size yet
};

}  // namespace kiln::studio
