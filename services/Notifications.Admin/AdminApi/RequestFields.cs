using System.Text.Json;

namespace Notifications.Admin.AdminApi;

/// <summary>
/// The fields an admin request body may carry, so that a typo (<c>smtp.hots</c>) is a 400 naming it instead of a
/// change silently not made. Read-only fields that the endpoint's GET returns (<c>passwordSet</c>, <c>source</c>, ...)
/// are accepted and ignored, so what a GET answered can be sent back as it is. Names compare without case, as the
/// JSON reader binds them.
/// </summary>
public sealed class RequestFields
{
    private readonly Dictionary<string, RequestFields?> writable = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> readOnly = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A field whose value is a plain value (or null).</summary>
    public RequestFields Field(params string[] names)
    {
        foreach (var name in names)
            writable[name] = null;
        return this;
    }

    /// <summary>A field whose value is an object with fields of its own.</summary>
    public RequestFields Object(string name, RequestFields fields)
    {
        writable[name] = fields;
        return this;
    }

    /// <summary>Fields a GET shows and a PUT ignores.</summary>
    public RequestFields ReadOnly(params string[] names)
    {
        readOnly.UnionWith(names);
        return this;
    }

    public IEnumerable<string> Names => writable.Keys;

    /// <summary>The refusal naming the first unknown field (<c>smtp.hots</c>), or null when every field is known.</summary>
    public IResult? Refuse(JsonElement body, string prefix = "")
    {
        if (body.ValueKind != JsonValueKind.Object)
            return null;
        foreach (var property in body.EnumerateObject())
        {
            var name = prefix + property.Name;
            if (readOnly.Contains(property.Name))
                continue;
            if (!writable.TryGetValue(property.Name, out var nested))
                return AdminEndpoints.Invalid(name, $"Unknown field {name}. The fields{(prefix.Length > 0 ? " of " + prefix.TrimEnd('.') : "")} are {string.Join(", ", writable.Keys)}.");
            if (nested?.Refuse(property.Value, name + ".") is { } refusal)
                return refusal;
        }
        return null;
    }

    /// <summary>
    /// The body read as <typeparamref name="T"/>, or the 400 naming the field of the wrong type as the API spells it
    /// (<c>smtp.port</c>, not <c>$.smtp.port</c>). The parser's own message may quote the value (a secret): not used.
    /// </summary>
    public static (T? Value, IResult? Error) Bind<T>(JsonElement body, JsonSerializerOptions json) where T : class
    {
        try
        {
            return (body.Deserialize<T>(json), null);
        }
        catch (JsonException failure)
        {
            var field = FieldOf(failure.Path);
            return (null, AdminEndpoints.Invalid(field, $"{field} has the wrong type of value."));
        }
    }

    /// <summary><c>$.smtp.port</c> and <c>$['smtp']['port']</c> name the field <c>smtp.port</c>.</summary>
    public static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
            return "body";
        var field = path.TrimStart('$').Replace("['", ".").Replace("']", "").TrimStart('.');
        return field.Length == 0 ? "body" : field;
    }
}
