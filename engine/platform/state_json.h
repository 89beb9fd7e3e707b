#pragma once

#include <cstdint>
#include <optional>

namespace cd::platform {

class JsonWriter;
class PlatformState;
class StringPool;
struct TenantState;

// cli.md "State JSON" writers. Map keys (users, usage, sessions, tenants) are
// written in byte order of their text; object keys in the order of cli.md.

// <tenant>: {"tenantId","plan","ownerId","status","users","billing","usage","limits","sessions"}
void writeTenantJson(JsonWriter& writer, const TenantState& tenant, const StringPool& pool);

// {"sequence": <seq or null>, "wallMs": <ms or null>, "tenants": {"<tenantId>": <tenant>, ...}}
void writePlatformStateJson(JsonWriter& writer, const PlatformState& state, const StringPool& pool,
    std::optional<std::int64_t> sequence, std::optional<std::int64_t> wallMs);

// The --tenant form: {"sequence": ..., "wallMs": ..., "tenant": <tenant or null>}
void writeSingleTenantStateJson(JsonWriter& writer, const TenantState* tenant, const StringPool& pool,
    std::optional<std::int64_t> sequence, std::optional<std::int64_t> wallMs);

} // namespace cd::platform
