namespace Notifications.SharedState.StoredDocuments;

/// <summary>
/// A value computed from what a <see cref="RedisJsonDocument{T}"/> read returned (effective options from stored
/// settings), computed again only when the read returns another instance: the document keeps its instance while
/// its content is unchanged, so validation and logging run once per change, not once per send.
/// </summary>
public sealed class DerivedFromDocument<TSource, TResult>(Func<TSource, TResult> derive) where TSource : class
{
    private volatile Entry? entry;

    private sealed record Entry(TSource Source, TResult Value);

    public TResult Of(TSource source)
    {
        var current = entry;
        if (current is not null && ReferenceEquals(current.Source, source))
            return current.Value;
        var value = derive(source);
        entry = new Entry(source, value);
        return value;
    }
}
