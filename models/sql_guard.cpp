#include "models/sql_guard.h"

#include <QList>
#include <QStringView>

#include <array>
#include <optional>

namespace cd::models {

namespace {

using namespace Qt::Literals::StringLiterals;

struct Token {
    enum class Kind { Word, Quoted, Number, Punct };
    Kind kind = Kind::Punct;
    qsizetype begin = 0;
    qsizetype end = 0; // one past the last character
    QString upper; // Word: its text upper-cased; Punct: the character
};

bool wordStart(QChar c)
{
    return c.isLetter() || c == u'_' || c.unicode() >= 0x80;
}

bool wordPart(QChar c)
{
    return wordStart(c) || c.isDigit() || c == u'$';
}

// SQLite's lexer, reduced to what the verdict needs: comments are skipped,
// strings and quoted identifiers ('..', "..", [..], `..`) are single tokens
// (so a keyword inside one is never read as a keyword). nullopt: an
// unterminated quote, whose end SQLite itself would not find either.
std::optional<QList<Token>> tokenize(const QString& sql)
{
    QList<Token> tokens;
    const qsizetype n = sql.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = sql[i];
        if (c.isSpace()) {
            ++i;
        } else if (c == u'-' && i + 1 < n && sql[i + 1] == u'-') {
            while (i < n && sql[i] != u'\n')
                ++i;
        } else if (c == u'/' && i + 1 < n && sql[i + 1] == u'*') {
            // An unterminated block comment runs to the end, as in SQLite.
            const qsizetype close = sql.indexOf(u"*/"_s, i + 2);
            i = close < 0 ? n : close + 2;
        } else if (c == u'\'' || c == u'"' || c == u'`' || c == u'[') {
            const QChar closer = c == u'[' ? u']' : c;
            qsizetype j = i + 1;
            for (;;) {
                if (j >= n)
                    return std::nullopt;
                if (sql[j] == closer) {
                    // '' inside '..' (and "" inside "..") is an escaped quote.
                    if (c != u'[' && j + 1 < n && sql[j + 1] == closer) {
                        j += 2;
                        continue;
                    }
                    break;
                }
                ++j;
            }
            tokens.append({ Token::Kind::Quoted, i, j + 1, {} });
            i = j + 1;
        } else if (wordStart(c)) {
            qsizetype j = i + 1;
            while (j < n && wordPart(sql[j]))
                ++j;
            tokens.append({ Token::Kind::Word, i, j, sql.mid(i, j - i).toUpper() });
            i = j;
        } else if (c.isDigit() || (c == u'.' && i + 1 < n && sql[i + 1].isDigit())) {
            qsizetype j = i + 1;
            while (j < n && (sql[j].isLetterOrNumber() || sql[j] == u'.'))
                ++j;
            tokens.append({ Token::Kind::Number, i, j, {} });
            i = j;
        } else {
            tokens.append({ Token::Kind::Punct, i, i + 1, QString(c) });
            ++i;
        }
    }
    return tokens;
}

SqlVerdict refuse(QString reason)
{
    SqlVerdict verdict;
    verdict.reason = std::move(reason);
    return verdict;
}

const QString& readOnlyHint()
{
    static const QString hint = u"the console runs only SELECT, WITH … SELECT, VALUES, EXPLAIN and read-only PRAGMAs"_s;
    return hint;
}

// PRAGMAs whose bare form only reports (no argument, no "= value").
constexpr std::array<QStringView, 26> BarePragmas { u"APPLICATION_ID", u"AUTO_VACUUM", u"CACHE_SIZE", u"COLLATION_LIST",
    u"COMPILE_OPTIONS", u"DATABASE_LIST", u"DATA_VERSION", u"ENCODING", u"FOREIGN_KEYS", u"FOREIGN_KEY_CHECK",
    u"FOREIGN_KEY_LIST", u"FREELIST_COUNT", u"FUNCTION_LIST", u"INTEGRITY_CHECK", u"JOURNAL_MODE", u"MODULE_LIST",
    u"PAGE_COUNT", u"PAGE_SIZE", u"PRAGMA_LIST", u"QUERY_ONLY", u"QUICK_CHECK", u"SCHEMA_VERSION", u"SYNCHRONOUS",
    u"TABLE_LIST", u"USER_VERSION", u"WAL_AUTOCHECKPOINT" };
// PRAGMAs whose (argument) names what to report on, rather than a new value.
constexpr std::array<QStringView, 10> ArgumentPragmas { u"FOREIGN_KEY_CHECK", u"FOREIGN_KEY_LIST", u"INDEX_INFO",
    u"INDEX_LIST", u"INDEX_XINFO", u"INTEGRITY_CHECK", u"QUICK_CHECK", u"TABLE_INFO", u"TABLE_LIST", u"TABLE_XINFO" };

template <std::size_t N>
bool listed(const std::array<QStringView, N>& list, const QString& name)
{
    for (const QStringView item : list) {
        if (item == name)
            return true;
    }
    return false;
}

class Classifier {
public:
    Classifier(const QList<Token>& tokens, qsizetype end)
        : m_tokens(tokens)
        , m_end(end)
    { }

    SqlVerdict classify(qsizetype at) const
    {
        const QString& keyword = m_tokens[at].upper;
        if (keyword == u"SELECT" || keyword == u"VALUES")
            return allow();
        if (keyword == u"WITH")
            return withStatement(at + 1);
        if (keyword == u"EXPLAIN")
            return explain(at + 1);
        if (keyword == u"PRAGMA")
            return pragma(at + 1);
        return refuse(refusal(m_tokens[at]));
    }

private:
    static SqlVerdict allow()
    {
        SqlVerdict verdict;
        verdict.allowed = true;
        return verdict;
    }

    bool isPunct(qsizetype at, QChar c) const
    {
        return at < m_end && m_tokens[at].kind == Token::Kind::Punct && m_tokens[at].upper[0] == c;
    }
    bool isWord(qsizetype at, QStringView word) const
    {
        return at < m_end && m_tokens[at].kind == Token::Kind::Word && m_tokens[at].upper == word;
    }

    // Index past the parenthesised group opening at `at`; -1 if unbalanced.
    qsizetype skipGroup(qsizetype at) const
    {
        int depth = 0;
        for (qsizetype i = at; i < m_end; ++i) {
            if (isPunct(i, u'('))
                ++depth;
            else if (isPunct(i, u')') && --depth == 0)
                return i + 1;
        }
        return -1;
    }

    static QString refusal(const Token& token)
    {
        const QString& word = token.upper;
        if (token.kind != Token::Kind::Word)
            return u"Refused: this does not start with a statement keyword; "_s + readOnlyHint() + u'.';
        QString why;
        if (word == u"INSERT" || word == u"UPDATE" || word == u"DELETE" || word == u"REPLACE" || word == u"UPSERT")
            why = u"it would change the journal's rows"_s;
        else if (word == u"CREATE" || word == u"DROP" || word == u"ALTER" || word == u"REINDEX" || word == u"ANALYZE")
            why = u"it would change the journal's schema or statistics"_s;
        else if (word == u"ATTACH" || word == u"DETACH")
            why = u"it would open another database file (and may create one)"_s;
        else if (word == u"VACUUM")
            why = u"it would rewrite the file (or write a copy)"_s;
        else if (word == u"BEGIN" || word == u"COMMIT" || word == u"END" || word == u"ROLLBACK" || word == u"SAVEPOINT"
            || word == u"RELEASE")
            why = u"transactions are for writing; each query reads a consistent snapshot on its own"_s;
        else
            why = u"it is not a read-only statement"_s;
        return u"Refused: "_s + word + u" — "_s + why + u"; "_s + readOnlyHint() + u'.';
    }

    // WITH [RECURSIVE] name [(columns)] AS [[NOT] MATERIALIZED] (select) [, ...] main
    SqlVerdict withStatement(qsizetype at) const
    {
        if (isWord(at, u"RECURSIVE"))
            ++at;
        for (;;) {
            if (at >= m_end || m_tokens[at].kind == Token::Kind::Punct || m_tokens[at].kind == Token::Kind::Number)
                return refuse(u"Refused: the WITH clause could not be read (a table name is expected)."_s);
            ++at;
            if (isPunct(at, u'(')) {
                at = skipGroup(at);
                if (at < 0)
                    return refuse(u"Refused: unbalanced parentheses in the WITH clause."_s);
            }
            if (!isWord(at, u"AS"))
                return refuse(u"Refused: the WITH clause could not be read (AS is expected)."_s);
            ++at;
            if (isWord(at, u"NOT"))
                ++at;
            if (isWord(at, u"MATERIALIZED"))
                ++at;
            if (!isPunct(at, u'('))
                return refuse(u"Refused: the WITH clause could not be read (a parenthesised query is expected)."_s);
            at = skipGroup(at);
            if (at < 0)
                return refuse(u"Refused: unbalanced parentheses in the WITH clause."_s);
            if (!isPunct(at, u','))
                break;
            ++at;
        }
        if (at >= m_end)
            return refuse(u"Refused: the WITH clause is not followed by a statement."_s);
        if (isWord(at, u"SELECT") || isWord(at, u"VALUES"))
            return allow();
        if (m_tokens[at].kind == Token::Kind::Word)
            return refuse(
                u"Refused: a WITH that ends in "_s + m_tokens[at].upper + u" would write; "_s + readOnlyHint() + u'.');
        return refuse(u"Refused: the WITH clause is not followed by SELECT or VALUES."_s);
    }

    // EXPLAIN [QUERY PLAN] statement: the inner statement must pass on its
    // own (explaining a write is harmless, but there is no need to allow it).
    SqlVerdict explain(qsizetype at) const
    {
        if (isWord(at, u"QUERY") && isWord(at + 1, u"PLAN"))
            at += 2;
        if (at >= m_end)
            return refuse(u"Refused: EXPLAIN needs a statement to explain."_s);
        SqlVerdict inner = classify(at);
        if (!inner.allowed)
            inner.reason.replace(u"Refused: "_s, u"Refused (inside EXPLAIN): "_s);
        return inner;
    }

    // PRAGMA [schema.]name [(argument)], from the read-only list only.
    SqlVerdict pragma(qsizetype at) const
    {
        if (at + 1 < m_end && isPunct(at + 1, u'.'))
            at += 2;
        if (at >= m_end || m_tokens[at].kind != Token::Kind::Word)
            return refuse(u"Refused: PRAGMA needs a name."_s);
        const QString& name = m_tokens[at].upper;
        ++at;
        if (isPunct(at, u'='))
            return refuse(
                u"Refused: PRAGMA "_s + name.toLower() + u" = … changes a setting; "_s + readOnlyHint() + u'.');
        if (isPunct(at, u'(')) {
            if (!listed(ArgumentPragmas, name))
                return refuse(
                    u"Refused: PRAGMA "_s + name.toLower() + u"(…) changes a setting; "_s + readOnlyHint() + u'.');
            at = skipGroup(at);
            if (at < 0)
                return refuse(u"Refused: unbalanced parentheses after PRAGMA."_s);
        } else if (!listed(BarePragmas, name)) {
            return refuse(u"Refused: PRAGMA "_s + name.toLower()
                + u" is not on the console's read-only list (table_info, index_list, integrity_check, "
                  u"page_count, user_version, …)."_s);
        }
        if (at < m_end)
            return refuse(u"Refused: unexpected text after PRAGMA "_s + name.toLower() + u'.');
        return allow();
    }

    const QList<Token>& m_tokens;
    qsizetype m_end;
};

} // namespace

bool isReportingPragmaWithArgument(QStringView name)
{
    return listed(ArgumentPragmas, name.toString().toUpper());
}

SqlVerdict checkReadOnlySql(const QString& sql)
{
    const auto tokens = tokenize(sql);
    if (!tokens)
        return refuse(u"Refused: a quote is not closed."_s);
    qsizetype end = 0;
    while (end < tokens->size() && !(tokens->at(end).kind == Token::Kind::Punct && tokens->at(end).upper == u";"))
        ++end;
    for (qsizetype i = end; i < tokens->size(); ++i) {
        if (!(tokens->at(i).kind == Token::Kind::Punct && tokens->at(i).upper == u";"))
            return refuse(u"Refused: several statements; run one statement at a time."_s);
    }
    if (end == 0) {
        return refuse(tokens->isEmpty() ? u"Nothing to run: type a query, e.g. SELECT * FROM events LIMIT 10."_s
                                        : u"Refused: an empty statement."_s);
    }
    SqlVerdict verdict = Classifier(*tokens, end).classify(0);
    if (verdict.allowed) {
        const qsizetype begin = tokens->front().begin;
        verdict.statement = sql.mid(begin, tokens->at(end - 1).end - begin);
    }
    return verdict;
}

} // namespace cd::models
