#include "ui/panels/json_highlighter.h"

#include <algorithm>

namespace cd::ui {

JsonHighlighter::JsonHighlighter(QTextDocument* document)
    : QSyntaxHighlighter(document)
{
    m_key.setForeground(QColor(0x1a, 0x5f, 0xb4));
    m_string.setForeground(QColor(0x26, 0xa2, 0x69));
    m_number.setForeground(QColor(0xc6, 0x46, 0x00));
    m_literal.setForeground(QColor(0x91, 0x41, 0xac));
}

void JsonHighlighter::highlightBlock(const QString& text)
{
    // prettyJson puts one value (or key: value) per line, so strings never
    // span blocks.
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n;) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('"')) {
            qsizetype end = i + 1;
            while (end < n && text.at(end) != QLatin1Char('"'))
                end += text.at(end) == QLatin1Char('\\') ? 2 : 1;
            end = std::min(end + 1, n);
            qsizetype after = end;
            while (after < n && text.at(after) == QLatin1Char(' '))
                ++after;
            const bool key = after < n && text.at(after) == QLatin1Char(':');
            setFormat(int(i), int(end - i), key ? m_key : m_string);
            i = end;
        } else if (c.isDigit() || c == QLatin1Char('-')) {
            qsizetype end = i + 1;
            while (end < n && (text.at(end).isDigit() || QStringLiteral(".eE+-").contains(text.at(end))))
                ++end;
            setFormat(int(i), int(end - i), m_number);
            i = end;
        } else if (c.isLetter()) {
            qsizetype end = i + 1;
            while (end < n && text.at(end).isLetter())
                ++end;
            setFormat(int(i), int(end - i), m_literal);
            i = end;
        } else {
            ++i;
        }
    }
}

} // namespace cd::ui
