#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace cd::ui {

// Colours indented JSON: keys, strings, numbers and literals.
class JsonHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    explicit JsonHighlighter(QTextDocument* document);

protected:
    void highlightBlock(const QString& text) override;

private:
    QTextCharFormat m_key;
    QTextCharFormat m_string;
    QTextCharFormat m_number;
    QTextCharFormat m_literal;
};

} // namespace cd::ui
