// Writing the analysis exports (CSV tables, JSON reports) and workspaces.
#pragma once

#include <QByteArray>
#include <QString>

namespace kiln::studio {

// One CSV field: quoted (inner quotes doubled) when it holds a comma, a quote or a line break.
QString csvField(QString text);

// Writes `bytes` to `path` through QSaveFile (a temporary file renamed on commit, so a failed or
// interrupted write leaves the previous file intact). False with "PATH: reason" in *error.
bool writeFileAtomically(const QString& path, const QByteArray& bytes, QString* error);

}  // namespace kiln::studio
