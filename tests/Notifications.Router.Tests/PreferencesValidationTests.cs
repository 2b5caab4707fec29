using Notifications.Contracts;
using Notifications.EventValidation;
using Notifications.Router.Directory;

namespace Notifications.Router.Tests;

/// <summary><c>ParticipantUpserted.preferences</c> at the router's door: each problem names its field (docs/bad-input.md, "Preferences").</summary>
public class PreferencesValidationTests
{
    private static readonly ParticipantUpsertedValidator Validator = new();

    private static ParticipantUpserted User(ParticipantPreferences? preferences) => new()
    {
        ParticipantId = "user-1",
        Role = ParticipantRoles.User,
        Name = "Ada",
        Email = "ada@example.test",
        Preferences = preferences,
    };

    [Fact]
    public void Every_field_is_optional()
    {
        Assert.Null(Validator.Problem(User(null)));
        Assert.Null(Validator.Problem(User(new ParticipantPreferences())));
        Assert.Null(Validator.Problem(User(new ParticipantPreferences { Channels = new ChannelPreferences() })));
    }

    [Fact]
    public void The_spec_example_is_accepted_and_stored_with_the_entry()
    {
        var preferences = new ParticipantPreferences
        {
            Channels = new ChannelPreferences { Email = true, Sms = false, Push = true },
            MutedConversationIds = ["conv:17"],
            TimeZone = "Europe/Paris",
            QuietHours = new QuietHours { Start = "22:00", End = "07:00" },
        };

        Assert.Null(Validator.Problem(User(preferences)));
        Assert.Equal(preferences, ParticipantRecord.From(User(preferences)).Preferences);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    [InlineData("Europe/Paris\r\n")]
    public void An_unknown_time_zone_is_refused_naming_the_field(string zone)
    {
        var problem = Validator.Problem(User(new ParticipantPreferences { TimeZone = zone }));

        Assert.NotNull(problem);
        Assert.Contains("preferences.timeZone", problem);
        Assert.Contains("user-1", problem);
    }

    [Fact]
    public void Quiet_hours_without_a_time_zone_are_refused()
    {
        var problem = Validator.Problem(User(new ParticipantPreferences { QuietHours = new QuietHours { Start = "22:00", End = "07:00" } }));

        Assert.Contains("preferences.quietHours needs preferences.timeZone", problem);
    }

    [Theory]
    [InlineData("24:00", "07:00", "preferences.quietHours.start")]
    [InlineData("7:00", "08:00", "preferences.quietHours.start")]
    [InlineData("22:00", "07:60", "preferences.quietHours.end")]
    [InlineData("22:00", "7pm", "preferences.quietHours.end")]
    [InlineData("22:00", "22:00", "preferences.quietHours.start and end are the same time")]
    public void A_bad_HH_mm_is_refused_naming_the_end(string start, string end, string named)
    {
        var problem = Validator.Problem(User(new ParticipantPreferences
        {
            TimeZone = "America/New_York",
            QuietHours = new QuietHours { Start = start, End = end },
        }));

        Assert.NotNull(problem);
        Assert.Contains(named, problem);
    }

    [Fact]
    public void A_muted_conversation_id_must_be_an_id()
    {
        var problem = Validator.Problem(User(new ParticipantPreferences { MutedConversationIds = ["conv-1", ""] }));

        Assert.Contains("preferences.mutedConversationIds[1] is required", problem);
    }

    [Fact]
    public void Too_many_muted_conversations_are_refused()
    {
        var muted = Enumerable.Range(0, ParticipantPreferencesValidator.MaxMutedConversations + 1).Select(i => $"conv-{i}").ToList();

        Assert.Contains("preferences.mutedConversationIds has 1001 entries", Validator.Problem(User(new ParticipantPreferences { MutedConversationIds = muted })));
    }

    [Fact]
    public void An_opt_out_names_a_participant_and_a_channel_one_can_stop()
    {
        var validator = new ParticipantOptedOutValidator();
        var optedOut = new ParticipantOptedOut { ParticipantId = "user-1", Channel = Channels.Email, Reason = OptOutReasons.Unsubscribe, At = DateTimeOffset.UnixEpoch };

        Assert.Null(validator.Problem(optedOut));
        Assert.Contains("channel must be \"email\", \"sms\" or \"push\"", validator.Problem(optedOut with { Channel = Channels.Realtime }));
        Assert.Contains("participantId is required", validator.Problem(optedOut with { ParticipantId = "" }));
    }
}
