// Language: loads Kiln's catalogue (:/i18n/kiln_<lang>.qm, built from translations/*.ts) and Qt's
// own, and installs them. The choice is kept in QSettings ("ui/language"); empty means "follow the
// system locale". Widgets retranslate on QEvent::LanguageChange.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <memory>

class QTranslator;

namespace kiln::studio {

class LanguageManager : public QObject {
    Q_OBJECT
public:
    explicit LanguageManager(QObject* parent = nullptr);
    ~LanguageManager() override;

    static QStringList available();          // {"en", "zh_CN"}
    static QString systemLanguage();         // from QLocale::system(): "zh_CN" for Chinese, else "en"
    static QString savedChoice();            // "" = system
    static void saveChoice(const QString& language);
    QString current() const { return current_; }

    // "" follows the system. Returns false if the catalogue could not be loaded (stays on English).
    bool apply(const QString& choice);
    // Applies the saved choice.
    bool applySaved() { return apply(savedChoice()); }

signals:
    void languageChanged(const QString& language);

private:
    std::unique_ptr<QTranslator> kiln_;
    std::unique_ptr<QTranslator> qt_;
    QString current_ = QStringLiteral("en");
};

}  // namespace kiln::studio
