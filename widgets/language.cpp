#include "widgets/language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace kiln::studio {

namespace {
const char* kSettingsKey = "ui/language";
}

LanguageManager::LanguageManager(QObject* parent) : QObject(parent) {}

LanguageManager::~LanguageManager() {
    if (kiln_) QCoreApplication::removeTranslator(kiln_.get());
    if (qt_) QCoreApplication::removeTranslator(qt_.get());
}

QStringList LanguageManager::available() { return {QStringLiteral("en"), QStringLiteral("zh_CN")}; }

QString LanguageManager::systemLanguage() {
    const QLocale system = QLocale::system();
    return system.language() == QLocale::Chinese ? QStringLiteral("zh_CN") : QStringLiteral("en");
}

QString LanguageManager::savedChoice() { return QSettings().value(kSettingsKey).toString(); }

void LanguageManager::saveChoice(const QString& language) { QSettings().setValue(kSettingsKey, language); }

bool LanguageManager::apply(const QString& choice) {
    const QString language = available().contains(choice) ? choice : systemLanguage();
    if (kiln_) QCoreApplication::removeTranslator(kiln_.get());
    if (qt_) QCoreApplication::removeTranslator(qt_.get());
    kiln_ = std::make_unique<QTranslator>();
    qt_ = std::make_unique<QTranslator>();
    bool ok = kiln_->load(QStringLiteral(":/i18n/kiln_%1.qm").arg(language));
    if (ok) QCoreApplication::installTranslator(kiln_.get());
    // Qt's own strings (standard buttons, file dialogs) where the system has them.
    if (qt_->load(QStringLiteral("qtbase_%1").arg(language), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt_.get());
    current_ = ok ? language : QStringLiteral("en");
    QLocale::setDefault(QLocale(current_));
    emit languageChanged(current_);
    return ok;
}

}  // namespace kiln::studio
