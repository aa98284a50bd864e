using System.Net;
using System.Net.Sockets;

namespace UserDataFeed.Service.Webhooks;

/// <summary>
/// Where a webhook may be delivered: public unicast addresses on port 443 or 1024–65535, and host names that are not
/// obviously internal. The one rule both the registration (<see cref="WebhookRules.UrlProblem"/>, on the URL's host) and
/// the connection (<see cref="WebhookConnector"/>, on every address a name resolves to) apply, so a URL that passes
/// when saved still cannot reach an internal address through DNS. Loopback is allowed only when the caller says so
/// (the development setting <c>Webhooks:AllowHttpLoopback</c>, for http).
/// </summary>
public static class WebhookAddressRule
{
    public const int HttpsPort = 443;
    public const int LowestHighPort = 1024;

    /// <summary>The ranges no webhook may reach, with what each is, tried in order (IPv4-mapped, NAT64 and 6to4 addresses are checked by the IPv4 they carry).</summary>
    private static readonly (IPNetwork Network, string What)[] Refused =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "a 'this network' address (0.0.0.0/8)"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private address (10.0.0.0/8)"),
        (IPNetwork.Parse("100.64.0.0/10"), "a shared (carrier-grade NAT) address (100.64.0.0/10)"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address (127.0.0.0/8)"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address (169.254.0.0/16)"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private address (172.16.0.0/12)"),
        (IPNetwork.Parse("192.0.0.0/24"), "an IETF protocol address (192.0.0.0/24)"),
        (IPNetwork.Parse("192.0.2.0/24"), "a documentation address (192.0.2.0/24)"),
        (IPNetwork.Parse("192.88.99.0/24"), "a 6to4 relay address (192.88.99.0/24)"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private address (192.168.0.0/16)"),
        (IPNetwork.Parse("198.18.0.0/15"), "a benchmarking address (198.18.0.0/15)"),
        (IPNetwork.Parse("198.51.100.0/24"), "a documentation address (198.51.100.0/24)"),
        (IPNetwork.Parse("203.0.113.0/24"), "a documentation address (203.0.113.0/24)"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address (224.0.0.0/4)"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved or broadcast address (240.0.0.0/4)"),
        (IPNetwork.Parse("::1/128"), "the loopback address (::1)"),
        (IPNetwork.Parse("::/128"), "the unspecified address (::)"),
        (IPNetwork.Parse("::/96"), "an IPv4-compatible address (::/96)"),
        (IPNetwork.Parse("::ffff:0:0:0/96"), "an IPv4-translated address (::ffff:0:0:0/96)"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "a local-use NAT64 address (64:ff9b:1::/48)"),
        (IPNetwork.Parse("100::/64"), "a discard-only address (100::/64)"),
        (IPNetwork.Parse("2001::/23"), "an IETF protocol address (2001::/23, Teredo and benchmarking among them)"),
        (IPNetwork.Parse("2001:db8::/32"), "a documentation address (2001:db8::/32)"),
        (IPNetwork.Parse("3fff::/20"), "a documentation address (3fff::/20)"),
        (IPNetwork.Parse("5f00::/16"), "a segment-routing address (5f00::/16)"),
        (IPNetwork.Parse("fc00::/7"), "a unique-local address (fc00::/7)"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address (fe80::/10)"),
        (IPNetwork.Parse("fec0::/10"), "a site-local address (fec0::/10)"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address (ff00::/8)"),
    ];

    private static readonly IPNetwork GlobalUnicast = IPNetwork.Parse("2000::/3");
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>Top-level names that only mean something inside a network (RFC 6761, 6762, 8375 and the ICANN-reserved <c>internal</c>).</summary>
    private static readonly string[] InternalSuffixes = ["localhost", "local", "internal", "localdomain", "home.arpa"];

    /// <summary>What <paramref name="address"/> is when a webhook may not reach it (e.g. "a private address (10.0.0.0/8)"); null for a public address.</summary>
    public static string? AddressProblem(IPAddress address, bool allowLoopback)
    {
        if (allowLoopback && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address))
        {
            return null;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && Embedded(address) is (IPAddress v4, string form))
        {
            return AddressProblem(v4, allowLoopback) is { } embedded ? $"{form} of {embedded}" : null;
        }

        foreach (var (network, what) in Refused)
        {
            if (network.Contains(address))
            {
                return what;
            }
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => null,
            AddressFamily.InterNetworkV6 when GlobalUnicast.Contains(address) => null,
            AddressFamily.InterNetworkV6 => "an IPv6 address outside the global unicast range (2000::/3)",
            _ => "not an internet address",
        };
    }

    /// <summary>Why a webhook may not be posted to port <paramref name="port"/>; null for 443 and 1024–65535.</summary>
    public static string? PortProblem(int port) =>
        port == HttpsPort || port is >= LowestHighPort and <= IPEndPoint.MaxPort
            ? null
            : $"the port must be {HttpsPort} or {LowestHighPort}–{IPEndPoint.MaxPort} (not {port}).";

    /// <summary>Whether <paramref name="uri"/>'s host is a loopback address (in any notation the URI parser reads) or a <c>localhost</c> name.</summary>
    public static bool IsLoopbackHost(Uri uri) =>
        Literal(uri) is { } address ? IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address) : IsLocalhostName(Name(uri));

    /// <summary>Why a webhook may not be posted to <paramref name="uri"/>'s host, or null: a public address, or a name that is not obviously internal.</summary>
    public static string? HostProblem(Uri uri, bool allowLoopback)
    {
        if (Literal(uri) is { } address)
        {
            return AddressProblem(address, allowLoopback) is { } what ? $"the host {uri.Host} is {what}." : null;
        }

        var name = Name(uri);
        if (IsLocalhostName(name))
        {
            return allowLoopback ? null : $"the host {uri.Host} is a loopback name.";
        }

        var labels = name.Split('.');
        if (labels.Length < 2 || labels.Any(l => l.Length == 0))
        {
            return $"the host {uri.Host} is not a fully qualified domain name (such as hooks.example.com).";
        }

        if (IsNumber(labels[^1]))
        {
            return $"the host {uri.Host} ends in a number: an address in a notation that is not allowed.";
        }

        return InternalSuffixes.FirstOrDefault(s => name.EndsWith("." + s, StringComparison.Ordinal)) is { } suffix
            ? $"the host {uri.Host} is a name internal to a network (.{suffix})."
            : null;
    }

    /// <summary>The IPv4 address an IPv6 one carries, and in what form: IPv4-mapped, NAT64 (64:ff9b::/96), 6to4 (2002::/16).</summary>
    private static (IPAddress V4, string Form)? Embedded(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return (address.MapToIPv4(), "an IPv4-mapped form");
        }

        var bytes = address.GetAddressBytes();
        return Nat64.Contains(address) ? (new IPAddress(bytes.AsSpan(12, 4)), "a NAT64 form")
            : SixToFour.Contains(address) ? (new IPAddress(bytes.AsSpan(2, 4)), "a 6to4 form")
            : null;
    }

    /// <summary>The host as an address when the URI parser read it as one (it reads 127.1, 0x7f000001, 2130706433 and 0177.0.0.1 as 127.0.0.1).</summary>
    private static IPAddress? Literal(Uri uri) =>
        uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) ? address : null;

    /// <summary>The host name in ASCII (punycode), lower case, without the trailing dot of a fully qualified name.</summary>
    private static string Name(Uri uri)
    {
        var name = uri.IdnHost.ToLowerInvariant();
        return name.EndsWith('.') ? name[..^1] : name;
    }

    private static bool IsLocalhostName(string name) => name == "localhost" || name.EndsWith(".localhost", StringComparison.Ordinal);

    /// <summary>A label a resolver may read as (part of) an address: decimal, octal or 0x-hex digits. No top-level domain is one.</summary>
    private static bool IsNumber(string label) =>
        label.All(char.IsAsciiDigit)
        || (label.StartsWith("0x", StringComparison.Ordinal) && label.Skip(2).All(char.IsAsciiHexDigit));
}
