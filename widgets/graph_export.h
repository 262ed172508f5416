// Exports a graph scene as a picture: SVG (QSvgGenerator, vector, text stays text) or PNG. Both
// render the whole laid-out graph (every item, not only what the view shows), on white, and write
// through QSaveFile so a failed export leaves no partial file.
#pragma once

#include <QString>

class QGraphicsScene;

namespace kiln::studio {

bool exportSceneSvg(QGraphicsScene* scene, const QString& path, const QString& title, QString* error);
// `scale` device pixels per scene unit; the image is capped at kMaxPngSide pixels on its longer side
// (large graphs are scaled down rather than failing to allocate).
constexpr int kMaxPngSide = 12000;
bool exportScenePng(QGraphicsScene* scene, const QString& path, double scale, QString* error);

}  // namespace kiln::studio
