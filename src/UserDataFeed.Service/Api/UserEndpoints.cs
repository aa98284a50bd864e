using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Service.Api;

/// <summary>The tenant's users, and the platform-side create/update (names, status, platform-granted roles).</summary>
public static class UserEndpoints
{
    /// <summary>A page of the tenant's users, filtered by <c>status</c> (active, inactive) and <c>createdBy</c> (feed, platform).</summary>
    public static async Task<Results<Ok<Page<UserDto>>, ProblemHttpResult>> ListUsers(
        string tenantId, string? status, string? createdBy, [AsParameters] PageRequest page, UserStore users, ContinuationTokens tokens, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        bool? active = status switch
        {
            null => null,
            "active" => true,
            "inactive" => false,
            _ => Invalid(errors, "status", "status must be 'active' or 'inactive'."),
        };
        CreatedBy? creator = createdBy switch
        {
            null => null,
            "feed" => CreatedBy.Feed,
            "platform" => CreatedBy.Platform,
            _ => Invalid<CreatedBy>(errors, "createdBy", "createdBy must be 'feed' or 'platform'."),
        };

        // A token belongs to one list: this tenant's users under these filters.
        var list = $"users|{tenantId}|{status}|{createdBy}";
        if (page.Problem(tokens, list, out var from, errors) is { } problem)
        {
            return problem;
        }

        var (items, next) = await users.ListAsync(tenantId, active, creator, from, page.Size!.Value, cancellationToken);
        return TypedResults.Ok(new Page<UserDto>([.. items.Select(UserDto.From)], tokens.Protect(list, next)));
    }

    public static async Task<Results<Ok<UserDto>, NotFoundProblem>> GetUser(string tenantId, string email, UserStore users, CancellationToken cancellationToken) =>
        await users.GetAsync(tenantId, email, cancellationToken) is { } user
            ? TypedResults.Ok(UserDto.From(user))
            : Problems.NotFound($"Tenant '{tenantId}' has no user '{email}'.");

    /// <summary>
    /// Creates or updates a user on the platform's side: names, status and platform-granted roles. Status inactive
    /// blocks the user against the feed (no file reactivates them); active (the default) lifts that block.
    /// </summary>
    public static async Task<Results<Created<UserDto>, Ok<UserDto>, ProblemHttpResult>> PutUser(
        RouteTenant tenant, [FromRoute(Name = "email")] string routeEmail, [FromBody] UserBody body, UserStore users, TimeProvider time, CancellationToken cancellationToken)
    {
        var email = routeEmail.Trim();
        var errors = new Dictionary<string, string[]>();
        if (!EmailAddress.IsValid(email))
        {
            errors["email"] = ["The email in the route is not a valid email address."];
        }

        foreach (var (name, value) in new[] { ("firstName", body.FirstName), ("lastName", body.LastName) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors[name] = [$"{name} is required."];
            }
            else if (value.Trim().Length > ValueLimits.Name)
            {
                errors[name] = [$"{name} may have at most {ValueLimits.Name:N0} characters; this one has {value.Trim().Length:N0}."];
            }
        }

        var active = body.Status switch
        {
            null or "active" => true,
            "inactive" => false,
            _ => Invalid(errors, "status", "status must be 'active' or 'inactive'.") ?? true,
        };
        var roles = Roles.None;
        foreach (var name in body.Roles ?? [])
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

        var now = time.GetUtcNow();
        var existing = await users.GetAsync(tenant.Id, email, cancellationToken);
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
            FirstName = body.FirstName!.Trim(),
            LastName = body.LastName!.Trim(),
            InactiveBecause = active ? InactiveReason.None : InactiveReason.Platform, // deactivated here: no file reactivates them until a PUT makes them active again
            PlatformRoles = roles & ~Roles.Learner,
            UpdatedAt = now,
        };
        await users.UpsertAsync(tenant.Id, user, existing, tenant.Record.KeepsHistory ? HistorySource.OfPlatform() : null, cancellationToken);
        return existing is null
            ? TypedResults.Created($"/{Routes.Prefix}/tenants/{tenant.Id}/users/{Uri.EscapeDataString(email)}", UserDto.From(user))
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
