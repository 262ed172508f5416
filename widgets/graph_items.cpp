#include "widgets/graph_items.h"

#include <QFontMetricsF>
#include <QGraphicsSceneContextMenuEvent>
#include <QGraphicsSceneMouseEvent>
#include <QMenu>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <QtMath>
#include <memory>

#include "widgets/graph_scene.h"
#include "widgets/library_text.h"

namespace kiln::studio {

namespace {

// Below these zoom levels text is unreadable anyway; skipping it keeps 10k-item scenes fluid.
constexpr double kTextLod = 0.35;
constexpr double kLabelLod = 0.75;

double lodOf(const QStyleOptionGraphicsItem* option, QPainter* painter) {
    return option->levelOfDetailFromTransform(painter->worldTransform());
}

}  // namespace

// ---------------------------------------------------------------------------------------------
NodeItem::NodeItem(GraphScene* scene, int node, const QRectF& rect) : scene_(scene), node_(node), rect_(rect) {
    const GraphModel& model = *scene->model();
    const ModelNode& n = model.node(node);
    kind_ = n.kind;
    unsupported_ = n.unsupported;
    title_ = nodeTitle(n);
    if (n.kind == NodeKind::Operator) lines_ = scene->style().bodyLines(model, node);
    colors_ = GraphStyle::colors(n.family);
    setZValue(2);
    setCursor(Qt::PointingHandCursor);
    QString tip = n.kind == NodeKind::Operator ? QStringLiteral("<b>%1</b><br>%2").arg(n.opType.toHtmlEscaped(),
                                                                                      n.name.toHtmlEscaped())
                                               : n.name.toHtmlEscaped();
    if (n.unsupported)
        tip += QStringLiteral("<br><span style='color:#c62828'>%1</span>")
                   .arg(GraphScene::tr("Unsupported: %1").arg(LibraryText::message(n.unsupportedReason).toHtmlEscaped()));
    if (n.kind == NodeKind::Operator && n.origin.size() > 1) {
        QStringList shown = n.origin.mid(0, 8);
        for (QString& o : shown) o = o.toHtmlEscaped();
        if (n.origin.size() > 8) shown << QStringLiteral("\u2026");
        tip += QStringLiteral("<br>%1<br>%2").arg(GraphScene::tr("Fused from %1 ONNX nodes:").arg(n.origin.size()),
                                                 shown.join(QStringLiteral("<br>")));
    }
    if (n.ir != nullptr) {
        const std::vector<ControlFlowBody> bodies = controlFlowBodies(*n.ir);
        if (!bodies.empty()) {
            firstBody_ = bodies.front().name;
            tip += QStringLiteral("<br><i>%1</i>")
                       .arg(GraphScene::tr("Double-click to open %1; right-click for every body")
                                .arg(firstBody_.toHtmlEscaped()));
        }
    }
    baseTip_ = tip;
    refreshOverlay();
}

void NodeItem::refreshOverlay() {
    const NodeOverlay* o = scene_->model()->overlay(node_);
    QString tip = baseTip_;
    if (o && !o->text.isEmpty()) tip += QStringLiteral("<hr>%1").arg(o->text.toHtmlEscaped());
    if (const FusionMark* m = scene_->model()->fusionMark(node_); m && !m->text.isEmpty())
        tip += m->reverted ? QStringLiteral("<hr><span style='color:#6a1b9a'>%1</span>").arg(m->text.toHtmlEscaped())
                           : QStringLiteral("<hr>%1").arg(m->text.toHtmlEscaped());
    setToolTip(tip);
    update();
}

QColor heatColor(double heat) {
    // Pale yellow (cold) → orange → deep red (hot): readable with dark text at the cold end and
    // white text at the hot end.
    const double t = std::clamp(heat, 0.0, 1.0);
    const QColor cold(255, 241, 168), mid(250, 140, 40), hot(180, 20, 30);
    auto mix = [](const QColor& a, const QColor& b, double f) {
        return QColor::fromRgbF(a.redF() + (b.redF() - a.redF()) * f, a.greenF() + (b.greenF() - a.greenF()) * f,
                                a.blueF() + (b.blueF() - a.blueF()) * f);
    };
    return t < 0.5 ? mix(cold, mid, t * 2) : mix(mid, hot, (t - 0.5) * 2);
}

QRectF NodeItem::boundingRect() const { return rect_.adjusted(-4, -4, 4, 4); }

void NodeItem::setCurrent(bool on) {
    if (current_ == on) return;
    current_ = on;
    update();
}

void NodeItem::setHighlighted(bool on) {
    if (highlighted_ == on) return;
    highlighted_ = on;
    update();
}

void NodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {
    const double lod = lodOf(option, painter);
    const NodeOverlay* overlay = scene_->model()->overlay(node_);
    const bool heated = overlay && overlay->heat >= 0;
    QColor header = unsupported_ ? GraphStyle::unsupportedFill() : colors_.fill;
    QColor headerText = unsupported_ ? QColor(Qt::white) : colors_.text;
    if (heated) {
        header = heatColor(overlay->heat);
        headerText = overlay->heat > 0.6 ? QColor(Qt::white) : QColor(40, 30, 20);
    } else if (scene_->model()->hasOverlays() && kind_ == NodeKind::Operator) {
        // With a heat map on, nodes without time fade out so the hot ones stand out.
        header = QColor(225, 225, 225);
        headerText = QColor(110, 110, 110);
    }
    const GraphStyle& style = scene_->style();
    if (overlay && overlay->flagged) {
        painter->setPen(QPen(GraphStyle::unsupportedFill(), 3, Qt::DashLine));
        painter->setBrush(QColor(198, 40, 40, 40));
        painter->drawRoundedRect(rect_.adjusted(-4, -4, 4, 4), 7, 7);
    }
    // A fusion the builder reverted: a dotted purple frame (the engine runs its plain nodes).
    if (const FusionMark* mark = scene_->model()->fusionMark(node_); mark && mark->reverted) {
        painter->setPen(QPen(GraphStyle::revertedFusion(), 2.5, Qt::DotLine));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(rect_.adjusted(-2.5, -2.5, 2.5, 2.5), 6, 6);  // inside boundingRect()
    }
    if (highlighted_) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(GraphStyle::highlight());
        painter->drawRoundedRect(rect_.adjusted(-4, -4, 4, 4), 7, 7);
    }
    if (lod < kTextLod) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(header);
        painter->drawRect(rect_);
        return;
    }
    const bool io = kind_ != NodeKind::Operator;
    const double radius = io ? rect_.height() / 2 : 4;
    QPen border(unsupported_ ? GraphStyle::unsupportedFill().darker(130) : QColor(120, 120, 120), 1);
    if (current_) border = QPen(GraphStyle::selection(), 2.5);
    else if (unsupported_) border.setWidthF(2);
    painter->setPen(Qt::NoPen);
    painter->setBrush(Qt::white);
    painter->drawRoundedRect(rect_, radius, radius);
    // Header: the op type on the family colour.
    const QRectF head(rect_.left(), rect_.top(), rect_.width(), std::min(style.headerHeight(), rect_.height()));
    painter->setBrush(header);
    QPainterPath headPath;
    headPath.setFillRule(Qt::WindingFill);  // the two shapes overlap; keep their union
    headPath.addRoundedRect(head, radius, radius);
    if (!lines_.isEmpty()) headPath.addRect(head.adjusted(0, head.height() / 2, 0, 0));  // square bottom corners
    painter->drawPath(headPath.simplified());
    painter->setFont(style.titleFont());
    painter->setPen(headerText);
    painter->drawText(head, Qt::AlignCenter, title_);
    if (!lines_.isEmpty()) {
        painter->setFont(style.bodyFont());
        painter->setPen(QColor(50, 50, 50));
        double y = head.bottom() + 2;
        for (const QString& line : lines_) {
            painter->drawText(QRectF(rect_.left() + 8, y, rect_.width() - 12, style.lineHeight()),
                              Qt::AlignLeft | Qt::AlignVCenter, line);
            y += style.lineHeight();
        }
    }
    painter->setPen(border);
    painter->setBrush(Qt::NoBrush);
    painter->drawRoundedRect(rect_, radius, radius);
}

void NodeItem::mousePressEvent(QGraphicsSceneMouseEvent* event) {
    if (event->button() == Qt::LeftButton) scene_->nodeClicked(node_);
    event->accept();
}

void NodeItem::mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event) {
    if (event->button() == Qt::LeftButton && !firstBody_.isEmpty()) scene_->openBody(node_, firstBody_);
    event->accept();
}

void NodeItem::contextMenuEvent(QGraphicsSceneContextMenuEvent* event) {
    std::unique_ptr<QMenu> menu(scene_->createNodeMenu(node_));
    if (!menu) {
        event->ignore();
        return;
    }
    scene_->nodeClicked(node_);
    menu->exec(event->screenPos());
    event->accept();
}

// ---------------------------------------------------------------------------------------------
BlockItem::BlockItem(GraphScene* scene, int scope, const QRectF& rect, bool expanded, double titleHeight)
    : scene_(scene), scope_(scope), rect_(rect), expanded_(expanded), titleHeight_(titleHeight) {
    const LayoutScope& s = scene->layoutController()->tree().scope(scope);
    title_ = s.title;
    subtitle_ = scene->style().blockSubtitle(s.totalNodes);
    const int depth = scene->layoutController()->tree().depth(scope);
    setZValue(expanded ? -10 + depth * 0.01 : 2);
    setCursor(Qt::PointingHandCursor);
    setToolTip(QStringLiteral("<b>%1</b><br>%2<br><i>%3</i>")
                   .arg(s.path.toHtmlEscaped(), subtitle_,
                        expanded ? GraphScene::tr("Double-click the title to collapse")
                                 : GraphScene::tr("Double-click to expand")));
}

QRectF BlockItem::boundingRect() const { return rect_.adjusted(-5, -5, 5, 5); }

QPainterPath BlockItem::shape() const {
    QPainterPath p;
    p.addRect(expanded_ ? QRectF(rect_.topLeft(), QSizeF(rect_.width(), titleHeight_)) : rect_);
    return p;
}

void BlockItem::setHighlighted(bool on) {
    if (highlighted_ == on) return;
    highlighted_ = on;
    update();
}

void BlockItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {
    const double lod = lodOf(option, painter);
    const GraphStyle& style = scene_->style();
    const QColor accent = unsupported_ > 0 ? GraphStyle::unsupportedFill() : QColor(70, 100, 150);
    if (highlighted_) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(GraphStyle::highlight());
        painter->drawRoundedRect(rect_.adjusted(-5, -5, 5, 5), 9, 9);
    }
    if (expanded_) {
        painter->setPen(QPen(accent, 1.2, Qt::DashLine));
        painter->setBrush(QColor(70, 100, 150, 14));
        painter->drawRoundedRect(rect_, 8, 8);
        if (lod < kTextLod) return;
        const QRectF bar(rect_.left(), rect_.top(), rect_.width(), titleHeight_);
        painter->setPen(accent.darker(120));
        painter->setFont(style.titleFont());
        painter->drawText(bar.adjusted(10, 0, -10, 0), Qt::AlignLeft | Qt::AlignVCenter,
                          QStringLiteral("\u25BE %1").arg(title_));
        return;
    }
    // A collapsed block: a card with a second card peeking out behind, so it reads as a stack.
    painter->setPen(QPen(accent.lighter(140), 1));
    painter->setBrush(QColor(226, 233, 244));
    painter->drawRoundedRect(rect_.translated(4, 4), 6, 6);
    painter->setPen(QPen(accent, unsupported_ > 0 ? 2.2 : 1.4));
    painter->setBrush(QColor(240, 244, 250));
    painter->drawRoundedRect(rect_, 6, 6);
    if (lod < kTextLod) return;
    painter->setPen(QColor(30, 45, 70));
    painter->setFont(style.titleFont());
    const QRectF top(rect_.left() + 8, rect_.top() + 4, rect_.width() - 16, rect_.height() / 2 - 2);
    painter->drawText(top, Qt::AlignCenter, QStringLiteral("\u25B8 %1").arg(title_));
    painter->setFont(style.bodyFont());
    painter->setPen(unsupported_ > 0 ? GraphStyle::unsupportedFill() : QColor(90, 90, 90));
    const QString sub = unsupported_ > 0 ? GraphScene::tr("%1, %2 unsupported").arg(subtitle_).arg(unsupported_)
                                         : subtitle_;
    painter->drawText(QRectF(top.left(), rect_.center().y(), top.width(), rect_.height() / 2 - 4), Qt::AlignCenter,
                      sub);
}

void BlockItem::mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event) {
    scene_->blockActivated(scope_);
    event->accept();
}

// ---------------------------------------------------------------------------------------------
EdgeItem::EdgeItem(const SceneLayout::EdgePath& p, QString label, const QFont* labelFont)
    : path_(p.path), label_(std::move(label)), labelPos_(p.labelPos), labelFont_(labelFont), loose_(p.loose) {
    const QPointF d = p.arrowTip - p.arrowFrom;
    const double len = std::hypot(d.x(), d.y());
    if (len > 1e-6) {
        const QPointF u = d / len;
        const QPointF n(-u.y(), u.x());
        constexpr double kLength = 8;
        constexpr double kHalfWidth = 3.5;
        arrow_ << p.arrowTip << p.arrowTip - u * kLength + n * kHalfWidth << p.arrowTip - u * kLength - n * kHalfWidth;
    }
    bounds_ = path_.boundingRect().united(arrow_.boundingRect()).adjusted(-2, -2, 2, 2);
    setZValue(loose_ ? 0 : 1);
}

QRectF EdgeItem::labelRect(bool leftSide) const {
    const QSizeF text = QFontMetricsF(*labelFont_).boundingRect(label_).size() + QSizeF(2, 0);
    const double x = leftSide ? labelPos_.x() - 4 - text.width() : labelPos_.x() + 4;
    return QRectF(QPointF(x, labelPos_.y() - text.height() / 2), text);
}

void EdgeItem::setEmphasized(bool on) {
    if (labelItem_) labelItem_->setEmphasized(on);
    if (emphasized_ == on) return;
    emphasized_ = on;
    setZValue(on ? 1.5 : (loose_ ? 0 : 1));
    update();
}

void EdgeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {
    QColor color = emphasized_ ? GraphStyle::selection() : GraphStyle::edge();
    if (loose_ && !emphasized_) color.setAlpha(110);
    QPen pen(color, emphasized_ ? 2.0 : 1.2);
    if (loose_) pen.setStyle(Qt::DashLine);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(path_);
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawPolygon(arrow_);
}

// ---------------------------------------------------------------------------------------------
EdgeLabelItem::EdgeLabelItem(QString text, const QRectF& rect, const QFont* font)
    : text_(std::move(text)), rect_(rect), font_(font) {
    setZValue(1.2);
}

void EdgeLabelItem::setEmphasized(bool on) {
    if (emphasized_ == on) return;
    emphasized_ = on;
    update();
}

void EdgeLabelItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {
    if (lodOf(option, painter) < kLabelLod) return;
    painter->setFont(*font_);
    painter->setPen(emphasized_ ? GraphStyle::selection() : QColor(100, 100, 100));
    painter->drawText(rect_, Qt::AlignLeft | Qt::AlignVCenter, text_);
}

}  // namespace kiln::studio
