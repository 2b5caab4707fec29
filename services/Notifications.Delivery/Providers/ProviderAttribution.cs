namespace Notifications.Delivery.Providers;

/// <summary>
/// Lets a delivery learn which provider its send function called, even when the call failed (the send function
/// returns the provider's name only on success). The delivery opens a scope; <see cref="ProviderCall"/> writes
/// into it. The holder is an object in an <see cref="AsyncLocal{T}"/>, so writes from the awaited calls below
/// are seen by the delivery above.
/// </summary>
public static class ProviderAttribution
{
    private static readonly AsyncLocal<Holder?> Current = new();

    public static Holder Begin() => Current.Value = new Holder();

    internal static void Record(string provider)
    {
        if (Current.Value is { } holder)
            holder.Provider = provider;
    }

    public sealed class Holder : IDisposable
    {
        public string? Provider { get; internal set; }

        public void Dispose()
        {
            if (ReferenceEquals(Current.Value, this))
                Current.Value = null;
        }
    }
}
