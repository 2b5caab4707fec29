using MimeKit;
using Notifications.Gateway.InboundEmail;

namespace Notifications.Gateway.Tests;

/// <summary>
/// Each sample reply in ReplyCorpus/ (as Gmail, Outlook, Apple Mail, Thunderbird, a plain mail program and an
/// HTML-only one write them) reduced to its new text, compared with the .expected.txt beside it.
/// </summary>
public class ReplyTextTests
{
    private static readonly string Corpus = Path.Combine(AppContext.BaseDirectory, "ReplyCorpus");

    public static TheoryData<string> Samples()
    {
        var names = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Corpus, "*.eml").Order())
            names.Add(Path.GetFileNameWithoutExtension(file));
        return names;
    }

    [Fact]
    public void The_corpus_has_every_mail_program_and_each_sample_its_expected_text()
    {
        var names = Directory.GetFiles(Corpus, "*.eml").Select(Path.GetFileNameWithoutExtension).ToList();
        foreach (var program in new[] { "gmail", "outlook", "apple-mail", "thunderbird", "plain-text", "html-only" })
            Assert.Contains(names, name => name!.StartsWith(program, StringComparison.Ordinal));
        foreach (var name in names)
            Assert.True(File.Exists(Path.Combine(Corpus, name + ".expected.txt")), $"{name}.expected.txt is missing");
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void A_sample_reply_keeps_only_its_new_text(string sample)
    {
        var message = MimeMessage.Load(Path.Combine(Corpus, sample + ".eml"));
        var expected = File.ReadAllText(Path.Combine(Corpus, sample + ".expected.txt")).Replace("\r\n", "\n").Trim();

        Assert.Equal(expected, ReplyText.Of(message));
    }

    [Theory]
    [InlineData("Only this.\n-- \nAda", "Only this.")]
    [InlineData("Only this.\n\nSent from my iPad", "Only this.")]
    [InlineData("On time, as I wrote: fine.", "On time, as I wrote: fine.")]
    [InlineData("From: the shop\nit came today", "From: the shop\nit came today")]
    [InlineData("  \n\n", "")]
    public void Text_that_looks_like_a_marker_but_is_not_one_is_kept(string text, string expected) =>
        Assert.Equal(expected, ReplyText.Strip(text));

    [Fact]
    public void A_mail_without_a_text_or_html_part_has_no_text()
    {
        var message = new MimeMessage { Body = new MimePart("application", "pdf") { Content = new MimeContent(new MemoryStream([1, 2, 3])) } };
        Assert.Equal("", ReplyText.Of(message));
    }
}
