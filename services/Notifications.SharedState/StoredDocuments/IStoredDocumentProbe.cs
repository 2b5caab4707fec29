namespace Notifications.SharedState.StoredDocuments;

/// <summary>A store whose document a service cannot work without, so its readiness reads it.</summary>
public interface IStoredDocumentProbe
{
    /// <summary>Reads the document (from the short cache when fresh).</summary>
    /// <exception cref="StoredDocumentUnreadableException">It is there but cannot be read.</exception>
    Task ProbeAsync();
}
