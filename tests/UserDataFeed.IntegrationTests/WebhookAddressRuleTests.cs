using System.Net;
using UserDataFeed.Service.Webhooks;

namespace UserDataFeed.IntegrationTests;

/// <summary>Where a webhook may be delivered: public hosts on port 443 or 1024–65535, whatever notation a URL hides an internal address in.</summary>
public sealed class WebhookAddressRuleTests
{
    public static TheoryData<string, bool, bool> Urls => new()
    {
        // public: allowed
        { "https://hooks.example.com/udf", false, true },
        { "https://hooks.example.com./udf", false, true },
        { "https://hooks.example.com:1024/udf", false, true },
        { "https://hooks.example.com:65535/udf", false, true },
        { "https://93.184.216.34/udf", false, true },
        { "https://93.184.216.34:8443/udf", false, true },
        { "https://[2606:2800:220:1::1]:8443/udf", false, true },
        { "https://[2a00:1450:4001:82b::200e]/udf", false, true },
        { "https://[64:ff9b::5db8:d822]/udf", false, true }, // NAT64 of 93.184.216.34
        { "https://[2002:5db8:d822::1]/udf", false, true }, // 6to4 of 93.184.216.34
        { "https://172.32.0.1/udf", false, true },
        { "https://100.128.0.1/udf", false, true },
        { "https://1e100.net/udf", false, true },
        { "https://bücher.example/udf", false, true },

        // loopback, in every notation the URI parser reads as 127.0.0.1
        { "https://127.0.0.1:9444/", false, false },
        { "https://127.0.0.1:9444/", true, false }, // the development setting is for http only
        { "https://0x7f000001/", false, false },
        { "https://2130706433/", false, false },
        { "https://0177.0.0.1/", false, false },
        { "https://017700000001/", false, false },
        { "https://127.1/", false, false },
        { "https://0x7f.1/", false, false },
        { "https://127.0.0.1./", false, false }, // a name to the URI parser, an address to a resolver
        { "https://[::1]/", false, false },
        { "https://[::ffff:127.0.0.1]/", false, false },
        { "https://[::ffff:7f00:1]/", false, false },
        { "https://[::127.0.0.1]/", false, false },
        { "https://[64:ff9b::7f00:1]/", false, false },
        { "https://[2002:7f00:1::1]/", false, false },
        { "https://localhost/", false, false },
        { "https://localhost./", false, false },
        { "https://LocalHost/", false, false },
        { "https://hooks.localhost/", false, false },

        // private, link-local, unique-local, shared, multicast, broadcast, unspecified, reserved, documentation
        { "https://169.254.169.254/latest/meta-data/", false, false },
        { "https://10.0.0.1/", false, false },
        { "https://172.16.0.1/", false, false },
        { "https://172.31.255.255/", false, false },
        { "https://192.168.1.1/", false, false },
        { "https://100.64.0.1/", false, false },
        { "https://100.100.100.200/", false, false },
        { "https://224.0.0.1/", false, false },
        { "https://239.255.255.250/", false, false },
        { "https://255.255.255.255/", false, false },
        { "https://4294967295/", false, false },
        { "https://0.0.0.0/", false, false },
        { "https://0/", false, false },
        { "https://0.1.2.3/", false, false },
        { "https://192.0.0.8/", false, false },
        { "https://192.0.2.1/", false, false },
        { "https://198.18.0.1/", false, false },
        { "https://198.51.100.7/", false, false },
        { "https://203.0.113.9/", false, false },
        { "https://240.0.0.1/", false, false },
        { "https://[::]/", false, false },
        { "https://[fd00::1]/", false, false },
        { "https://[fc00::1]/", false, false },
        { "https://[fe80::1%25eth0]/", false, false },
        { "https://[fec0::1]/", false, false },
        { "https://[ff02::1]/", false, false },
        { "https://[2001:db8::1]/", false, false },
        { "https://[3fff::1]/", false, false },
        { "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", false, false }, // Teredo
        { "https://[::ffff:10.0.0.1]/", false, false },
        { "https://[::ffff:169.254.169.254]/", false, false },
        { "https://[64:ff9b::a00:1]/", false, false }, // NAT64 of 10.0.0.1
        { "https://[2002:c0a8:101::1]/", false, false }, // 6to4 of 192.168.1.1
        { "https://[100::1]/", false, false },
        { "https://[4000::1]/", false, false }, // not global unicast

        // names internal to a network, and names a resolver reads as addresses
        { "https://metadata.google.internal/computeMetadata/v1/", false, false },
        { "https://metadata/", false, false },
        { "https://intranet/", false, false },
        { "https://printer.local/", false, false },
        { "https://router.home.arpa/", false, false },
        { "https://host.localdomain/", false, false },
        { "https://1.2.3.4.5/", false, false },
        { "https://4294967296/", false, false },
        { "https://hooks.0x7f/", false, false },

        // ports
        { "https://hooks.example.com:0/", false, false },
        { "https://hooks.example.com:22/", false, false },
        { "https://hooks.example.com:80/", false, false },
        { "https://hooks.example.com:1023/", false, false },
        { "https://93.184.216.34:25/", false, false },

        // schemes, and the development setting: http to loopback only, on an allowed port
        { "http://hooks.example.com/udf", true, false },
        { "http://93.184.216.34:8080/udf", true, false },
        { "http://10.0.0.1:8080/udf", true, false },
        { "http://127.0.0.1:8080/udf", false, false },
        { "http://127.0.0.1:8080/udf", true, true },
        { "http://127.0.0.2:8080/udf", true, true },
        { "http://[::1]:8080/udf", true, true },
        { "http://[::ffff:127.0.0.1]:8080/udf", true, true },
        { "http://localhost:8080/udf", true, true },
        { "http://localhost.:8080/udf", true, true },
        { "http://hooks.localhost:8080/udf", true, true },
        { "http://127.0.0.1/udf", true, false }, // port 80
        { "ftp://hooks.example.com/udf", false, false },
    };

    [Theory]
    [MemberData(nameof(Urls))]
    public void Webhook_url_is_allowed_only_to_a_public_host_on_an_allowed_port(string url, bool allowHttpLoopback, bool allowed)
    {
        var problem = WebhookRules.UrlProblem(url, allowHttpLoopback);

        Assert.True(allowed == problem is null, allowed ? $"{url} is refused: {problem}" : $"{url} is allowed");
    }

    [Theory]
    [InlineData("https://10.0.0.1/", "private")]
    [InlineData("https://0x7f000001/", "loopback")]
    [InlineData("https://[::ffff:169.254.169.254]/", "IPv4-mapped form of a link-local")]
    [InlineData("https://[fd00::1]/", "unique-local")]
    [InlineData("https://100.64.0.1/", "carrier-grade NAT")]
    [InlineData("https://metadata.google.internal/", ".internal")]
    [InlineData("https://intranet/", "fully qualified")]
    [InlineData("https://hooks.example.com:0/", "the port must be 443 or 1024–65535")]
    public void Refused_url_says_why(string url, string reason) =>
        Assert.Contains(reason, WebhookRules.UrlProblem(url, allowHttpLoopback: false), StringComparison.Ordinal);

    /// <summary>What the connection checks on each address a name resolves to.</summary>
    [Theory]
    [InlineData("93.184.216.34", false, true)]
    [InlineData("2606:2800:220:1::1", false, true)]
    [InlineData("64:ff9b::5db8:d822", false, true)]
    [InlineData("127.0.0.1", false, false)]
    [InlineData("127.0.0.1", true, true)]
    [InlineData("127.8.9.10", true, true)]
    [InlineData("::1", false, false)]
    [InlineData("::1", true, true)]
    [InlineData("::ffff:127.0.0.1", false, false)]
    [InlineData("::ffff:127.0.0.1", true, true)]
    [InlineData("10.1.2.3", true, false)]
    [InlineData("::ffff:10.1.2.3", false, false)]
    [InlineData("64:ff9b::a01:203", false, false)]
    [InlineData("2002:a01:203::1", false, false)]
    [InlineData("169.254.169.254", false, false)]
    [InlineData("fd12:3456::1", false, false)]
    [InlineData("fe80::1", true, false)]
    [InlineData("0.0.0.0", false, false)]
    [InlineData("::", false, false)]
    [InlineData("255.255.255.255", false, false)]
    [InlineData("ff02::1", false, false)]
    public void Connection_is_allowed_only_to_a_public_address(string address, bool allowLoopback, bool allowed) =>
        Assert.Equal(allowed, WebhookAddressRule.AddressProblem(IPAddress.Parse(address), allowLoopback) is null);
}
