#include "widgets/graph_export.h"

#include <QCoreApplication>  // Q_DECLARE_TR_FUNCTIONS
#include <QGraphicsScene>
#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <algorithm>
#include <cmath>

namespace kiln::studio {

namespace {
struct GraphExport {
    Q_DECLARE_TR_FUNCTIONS(kiln::studio::GraphExport)
};

// The graph's extent with a margin; empty when nothing is laid out.
QRectF sceneExtent(QGraphicsScene* scene) {
    if (!scene || scene->items().isEmpty()) return {};
    return scene->itemsBoundingRect().adjusted(-24, -24, 24, 24);
}
}  // namespace

bool exportSceneSvg(QGraphicsScene* scene, const QString& path, const QString& title, QString* error) {
    const QRectF source = sceneExtent(scene);
    if (source.isEmpty()) {
        if (error) *error = GraphExport::tr("There is no laid-out graph to export.");
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error) *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    const QSize size(int(std::ceil(source.width())), int(std::ceil(source.height())));
    QSvgGenerator svg;
    svg.setOutputDevice(&file);
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(0, 0), size));
    svg.setTitle(title);
    svg.setDescription(GraphExport::tr("Exported by Kiln Studio"));
    {
        QPainter painter(&svg);
        painter.fillRect(QRect(QPoint(0, 0), size), Qt::white);
        scene->render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), source, Qt::KeepAspectRatio);
    }
    if (!file.commit()) {
        if (error) *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool exportScenePng(QGraphicsScene* scene, const QString& path, double scale, QString* error) {
    const QRectF source = sceneExtent(scene);
    if (source.isEmpty()) {
        if (error) *error = GraphExport::tr("There is no laid-out graph to export.");
        return false;
    }
    const double longest = std::max(source.width(), source.height()) * scale;
    if (longest > kMaxPngSide) scale *= kMaxPngSide / longest;
    const QSize size(std::max(1, int(std::ceil(source.width() * scale))),
                     std::max(1, int(std::ceil(source.height() * scale))));
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    if (image.isNull()) {
        if (error)
            *error = GraphExport::tr("%1: the image (%2×%3) is too large")
                         .arg(path)
                         .arg(size.width())
                         .arg(size.height());
        return false;
    }
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing |
                               QPainter::SmoothPixmapTransform);
        scene->render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), source, Qt::KeepAspectRatio);
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit()) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, file.errorString().isEmpty()
                                                            ? GraphExport::tr("cannot write the image")
                                                            : file.errorString());
        return false;
    }
    return true;
}

}  // namespace kiln::studio
