// QGraphicsItems of the graph view: operator/input/output boxes, collapsed and expanded blocks,
// and edges. Items only paint and forward clicks; state lives in GraphModel and LayoutController.
#pragma once

#include <QGraphicsItem>
#include <QPainterPath>
#include <QStringList>

#include "widgets/graph_model.h"
#include "widgets/graph_style.h"
#include "widgets/hierarchical_layout.h"

namespace kiln::studio {

class GraphScene;

// The heat map's colour for a value in [0, 1].
QColor heatColor(double heat);

class NodeItem : public QGraphicsItem {
public:
    enum { Type = UserType + 1 };
    NodeItem(GraphScene* scene, int node, const QRectF& rect);
    int type() const override { return Type; }
    int node() const { return node_; }
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;
    void setCurrent(bool on);
    void setHighlighted(bool on);
    void refreshOverlay();  // the model's overlay for this node changed

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event) override;
    void contextMenuEvent(QGraphicsSceneContextMenuEvent* event) override;

private:
    GraphScene* scene_;
    int node_;
    QString firstBody_;  // a control-flow node's body that a double-click opens
    QString baseTip_;
    QRectF rect_;
    QString title_;
    QStringList lines_;
    FamilyColors colors_;
    NodeKind kind_;
    bool unsupported_;
    bool current_ = false;
    bool highlighted_ = false;
};

class BlockItem : public QGraphicsItem {
public:
    enum { Type = UserType + 2 };
    BlockItem(GraphScene* scene, int scope, const QRectF& rect, bool expanded, double titleHeight);
    int type() const override { return Type; }
    int scope() const { return scope_; }
    bool isExpanded() const { return expanded_; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;  // an expanded frame is hit only on its title bar
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;
    void setHighlighted(bool on);
    void setUnsupportedCount(int count) { unsupported_ = count; }

protected:
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event) override;

private:
    GraphScene* scene_;
    int scope_;
    QRectF rect_;
    bool expanded_;
    double titleHeight_;
    QString title_;
    QString subtitle_;
    int unsupported_ = 0;
    bool highlighted_ = false;
};

// A tensor shape next to an edge. Its own item, so the scene's index can keep labels from
// landing on boxes and on each other.
class EdgeLabelItem : public QGraphicsItem {
public:
    enum { Type = UserType + 4 };
    EdgeLabelItem(QString text, const QRectF& rect, const QFont* font);
    int type() const override { return Type; }
    QRectF boundingRect() const override { return rect_; }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;
    void setEmphasized(bool on);

private:
    QString text_;
    QRectF rect_;
    const QFont* font_;
    bool emphasized_ = false;
};

class EdgeItem : public QGraphicsItem {
public:
    enum { Type = UserType + 3 };
    EdgeItem(const SceneLayout::EdgePath& path, QString label, const QFont* labelFont);
    // Where the label would go: right of the edge's midpoint, or left of it.
    QRectF labelRect(bool leftSide) const;
    const QString& label() const { return label_; }
    void setLabelItem(EdgeLabelItem* item) { labelItem_ = item; }
    int type() const override { return Type; }
    QRectF boundingRect() const override { return bounds_; }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;
    void setEmphasized(bool on);

private:
    QPainterPath path_;
    QPolygonF arrow_;
    QString label_;
    QPointF labelPos_;
    const QFont* labelFont_;
    QRectF bounds_;
    bool loose_;
    bool emphasized_ = false;
    EdgeLabelItem* labelItem_ = nullptr;
};

}  // namespace kiln::studio
