namespace Notifications.Router.Escalation;

public static class EscalationRegistration
{
    /// <summary>Row E1's timers and tier (<c>Routing:EscalateAfterSeconds</c>, validated with the routing options).</summary>
    public static IServiceCollection AddEscalation(this IServiceCollection services)
    {
        services.AddSingleton<EscalationTimers>();
        services.AddSingleton<EscalationTier>();
        return services;
    }
}
