using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using StackExchange.Redis;

namespace Notifications.Admin.AdminConsole;

/// <summary>The data protection key ring in a Redis list, shared by every instance of the email sender.</summary>
public sealed class RedisXmlRepository(IConnectionMultiplexer redis, RedisKey key) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        redis.GetDatabase().ListRange(key).Select(value => XElement.Parse((string)value!)).ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        redis.GetDatabase().ListRightPush(key, element.ToString(SaveOptions.DisableFormatting));
}
