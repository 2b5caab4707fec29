namespace Notifications.Router.Holding;

/// <summary>
/// One kind of hold in <see cref="HeldNotifications"/>: the name its Redis keys start with (<c>{name}-taken:</c>,
/// <c>{name}-done:</c>, <c>{name}-pending:</c>, ...) and the hash field that names the hold's id.
/// </summary>
/// <param name="Name">The key family: <c>window</c> or <c>quiet</c>, as the keys were named before both shared one store.</param>
/// <param name="IdField">The field of the open hash that holds the hold's id.</param>
/// <param name="RefusedOnceDone">
/// True when a hold is found by an id its notifications compute themselves (a quiet-hours summary: recipient, channel,
/// end): a notification that comes after it was released must not open it again, since its note was spent. A delay
/// window is found by its recipient and conversation instead, and one that ended simply opens a new window.
/// </param>
public sealed record HeldFamily(string Name, string IdField, bool RefusedOnceDone)
{
    public static readonly HeldFamily Window = new("window", "window", RefusedOnceDone: false);

    public static readonly HeldFamily Quiet = new("quiet", "summary", RefusedOnceDone: true);
}
