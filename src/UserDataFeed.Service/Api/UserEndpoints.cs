using Microsoft.AspNetCore.Http;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Service.Api;

/// <summary>The tenant's users, and the platform-side create/update (names, status, platform-granted roles).</summary>
public sealed class UserEndpoints(TenantStore tenants, UserStore users, ContinuationTokens tokens, TimeProvider time)
{
    public async Task<IResult> ListUsers(ApiCall call)
    {
        var errors = new Dictionary<string, string[]>();
        bool? active = call.Query("status") switch
        {
            null => null,
            "active" => true,
            "inactive" => false,
            _ => Invalid(errors, "status", "status must be 'active' or 'inactive'."),
        };
        CreatedBy? createdBy = call.Query("createdBy") switch
        {
            null => null,
            "feed" => CreatedBy.Feed,
            "platform" => CreatedBy.Platform,
            _ => Invalid<CreatedBy>(errors, "createdBy", "createdBy must be 'feed' or 'platform'."),
        };
        var size = Paging.Size(call);
        if (size is null)
        {
            errors["pageSize"] = [$"pageSize must be a whole number from 1 to {Paging.MaxSize}."];
        }

        // A token belongs to one list: this tenant's users under these filters.
        var list = $"users|{call.TenantId}|{call.Query("status")}|{call.Query("createdBy")}";
        if (!tokens.TryRead(call, list, out var from))
        {
            errors["continuationToken"] = [ContinuationTokens.InvalidMessage];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var (items, next) = await users.ListAsync(call.TenantId, active, createdBy, from, size!.Value, call.Cancellation);
        return TypedResults.Ok(new Page<UserDto>([.. items.Select(UserDto.From)], tokens.Protect(list, next)));
    }

    public async Task<IResult> GetUser(ApiCall call)
    {
        var email = call.Route("email");
        return await users.GetAsync(call.TenantId, email, call.Cancellation) is { } user
            ? TypedResults.Ok(UserDto.From(user))
            : Problems.NotFound($"Tenant '{call.TenantId}' has no user '{email}'.");
    }

    public async Task<IResult> PutUser(ApiCall call)
    {
        var email = call.Route("email").Trim();
        var read = await JsonBody.ReadAsync<UserBody>(call);
        if (read.Problem is not null)
        {
            return read.Problem;
        }

        var body = read.Value;
        var errors = new Dictionary<string, string[]>();
        if (!EmailAddress.IsValid(email))
        {
            errors["email"] = ["The email in the route is not a valid email address."];
        }

        if (string.IsNullOrWhiteSpace(body?.FirstName))
        {
            errors["firstName"] = ["firstName is required."];
        }

        if (string.IsNullOrWhiteSpace(body?.LastName))
        {
            errors["lastName"] = ["lastName is required."];
        }

        var active = body?.Status switch
        {
            null or "active" => true,
            "inactive" => false,
            _ => Invalid(errors, "status", "status must be 'active' or 'inactive'.") ?? true,
        };
        var roles = Roles.None;
        foreach (var name in body?.Roles ?? [])
        {
            if (RoleNames.TryParse(name, out var role))
            {
                roles |= role;
            }
            else
            {
                errors["roles"] = [$"'{name}' is not a known role (Learner, Manager, Administrator)."];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        if (await tenants.GetAsync(call.TenantId, call.Cancellation) is null)
        {
            return Problems.TenantNotFound(call.TenantId);
        }

        var now = time.GetUtcNow();
        var existing = await users.GetAsync(call.TenantId, email, call.Cancellation);
        var user = (existing ?? new UserRecord
        {
            UserId = Guid.NewGuid().ToString("N"),
            Email = email,
            FirstName = "",
            LastName = "",
            CreatedBy = CreatedBy.Platform,
            CreatedAt = now,
        }) with
        {
            FirstName = body!.FirstName!.Trim(),
            LastName = body.LastName!.Trim(),
            Active = active,
            DeactivatedForAbsence = false,
            PlatformRoles = roles & ~Roles.Learner,
            UpdatedAt = now,
        };
        await users.UpsertAsync(call.TenantId, user, call.Cancellation);
        return existing is null
            ? TypedResults.Created($"/{Routes.Prefix}/tenants/{call.TenantId}/users/{Uri.EscapeDataString(email)}", UserDto.From(user))
            : TypedResults.Ok(UserDto.From(user));
    }

    private static bool? Invalid(Dictionary<string, string[]> errors, string field, string message)
    {
        errors[field] = [message];
        return null;
    }

    private static T? Invalid<T>(Dictionary<string, string[]> errors, string field, string message)
        where T : struct
    {
        errors[field] = [message];
        return null;
    }
}
