using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace Notifications.Gateway.InboundEmail;

/// <summary>The form a provider posts an inbound mail in (multipart/form-data), read up to <c>Email:Inbound:MaxBodyBytes</c>.</summary>
public static class InboundForm
{
    /// <returns>The form, or an answer when it cannot be read: 413 over the limit, 400 when it is no form.</returns>
    public static async Task<(IFormCollection? Form, IResult? Problem)> ReadAsync(HttpRequest request, InboundMailOptions inbound, CancellationToken cancellationToken)
    {
        if (request.ContentLength > inbound.MaxBodyBytes)
            return (null, InboundMailEndpoint.TooLarge(inbound));
        if (!request.HasFormContentType)
            return (null, Results.Text("Expected multipart/form-data (the provider's inbound form).", statusCode: StatusCodes.Status400BadRequest));
        var limits = new FormOptions
        {
            MultipartBodyLengthLimit = inbound.MaxBodyBytes,
            ValueLengthLimit = inbound.MaxBodyBytes,
            BufferBodyLengthLimit = inbound.MaxBodyBytes,
        };
        try
        {
            return (await new FormFeature(request, limits).ReadFormAsync(cancellationToken), null);
        }
        catch (InvalidDataException)
        {
            return (null, InboundMailEndpoint.TooLarge(inbound));
        }
    }

    /// <summary>The raw mail of field <paramref name="name"/>, posted as a text field or as a file; null when absent.</summary>
    public static async Task<byte[]?> RawMailAsync(IFormCollection form, string name, CancellationToken cancellationToken)
    {
        if (form.Files.GetFile(name) is { } file)
        {
            using var copy = new MemoryStream();
            await file.CopyToAsync(copy, cancellationToken);
            return copy.ToArray();
        }
        // A text field was decoded as UTF-8; encoded back, an ASCII mail (what MIME is on the wire) comes out as it was sent.
        return form.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value.ToString()) ? Encoding.UTF8.GetBytes(value.ToString()) : null;
    }
}
