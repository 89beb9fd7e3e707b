#include "engine/history/verify_report.h"

#include "engine/platform/json_writer.h"

namespace cd::history {

namespace {
void writeOptional(platform::JsonWriter& w, std::optional<std::int64_t> v)
{
    if (v)
        w.integer(*v);
    else
        w.null();
}

void writeIssues(platform::JsonWriter& w, const std::vector<VerifyIssue>& issues)
{
    w.beginArray();
    for (const VerifyIssue& issue : issues) {
        w.beginObject();
        w.key("sequence");
        writeOptional(w, issue.sequence);
        w.key("code");
        w.string(issue.code);
        w.key("message");
        w.string(issue.message);
        w.endObject();
    }
    w.endArray();
}
} // namespace

std::string verifyJson(const VerifyReport& report)
{
    std::string out;
    platform::JsonWriter w(out);
    w.beginObject();
    w.key("entries");
    w.integer(report.entries);
    w.key("firstSequence");
    writeOptional(w, report.firstSequence);
    w.key("lastSequence");
    writeOptional(w, report.lastSequence);
    w.key("errors");
    writeIssues(w, report.errors);
    w.key("warnings");
    writeIssues(w, report.warnings);
    w.endObject();
    return out;
}

} // namespace cd::history
