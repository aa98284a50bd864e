namespace UserDataFeed.Service.Scim;

/// <summary>
/// A deactivation a SCIM client asks for (PATCH or PUT of <c>active: false</c>, or a DELETE, which deactivates), as the
/// Users write path gives it to <see cref="ScimDeactivationHold.AdmitAsync"/> before writing: the user, the token
/// that asks (its id, never the token) and the operation (<c>PATCH</c>, <c>PUT</c>, <c>DELETE</c>, <c>BULK</c>…).
/// </summary>
public sealed record ScimDeactivation(string UserId, string Email, string TokenId, string Operation);

/// <summary>What the stream's safety hold says to a deactivation.</summary>
public abstract record ScimHoldAnswer
{
    private ScimHoldAnswer()
    {
    }

    /// <summary>Write it: it was counted in the window, or an admin approved this user's deactivation.</summary>
    public sealed record Admitted : ScimHoldAnswer
    {
        public static readonly Admitted Instance = new();
    }

    /// <summary>
    /// Do not write it: it waits for an admin. Answer 429 with <c>Retry-After</c> (<see cref="RetryAfter"/>, whole
    /// seconds) and a SCIM error with <see cref="Reason"/>; the client's retry (RFC 7644 §3.12 lets a client retry a 429)
    /// is admitted once an admin approved it or the window has room again.
    /// </summary>
    public sealed record Held(string Reason, TimeSpan RetryAfter) : ScimHoldAnswer;

    /// <summary>
    /// Do not write it: an admin rejected this user's deactivation and the rejection stands. Answer 403 with a SCIM error
    /// with <see cref="Reason"/>: RFC 7644 §3.12 gives 403 for an operation the client is not permitted, which a standing
    /// decision of the tenant's admin is; its 409 means a uniqueness or version conflict, which clients resolve by reading
    /// the resource again and retrying, and that would not help here.
    /// </summary>
    public sealed record Refused(string Reason) : ScimHoldAnswer;
}
