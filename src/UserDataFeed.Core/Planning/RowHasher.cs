using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace UserDataFeed.Core.Planning;

/// <summary>Hashes a sequence of values (each ended by a NUL) in one pass over a reused buffer. Never returns 0.</summary>
internal sealed class RowHasher
{
    private readonly char[] buffer = new char[2048];
    private int length;
    private ulong hash;

    public void Start(ulong seed)
    {
        length = 0;
        hash = seed;
    }

    public void Add(string value)
    {
        if (length + value.Length + 1 > buffer.Length)
        {
            Flush();
        }

        if (value.Length + 1 > buffer.Length)
        {
            hash = XxHash64.HashToUInt64(MemoryMarshal.AsBytes(value.AsSpan()), (long)hash);
            return;
        }

        value.CopyTo(0, buffer, length, value.Length);
        length += value.Length;
        buffer[length++] = '\0';
    }

    public ulong Finish()
    {
        Flush();
        return hash == 0 ? 1 : hash;
    }

    private void Flush()
    {
        hash = XxHash64.HashToUInt64(MemoryMarshal.AsBytes(buffer.AsSpan(0, length)), (long)hash);
        length = 0;
    }
}
