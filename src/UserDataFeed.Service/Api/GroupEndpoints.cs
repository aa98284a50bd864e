using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Service.Api;

/// <summary>
/// The tenant's groups (made by the feed when a file first names them) and their members: those the feed sets from
/// each file, and those the platform adds here, which the feed never removes.
/// </summary>
public static class GroupEndpoints
{
    /// <summary>
    /// A page of the tenant's groups in id order: one store query whatever the groups hold. Their members are counted
    /// one group at a time (<see cref="GetGroup"/>): a count per group listed would cost a query each.
    /// </summary>
    public static async Task<Results<Ok<Page<GroupListItemDto>>, ProblemHttpResult>> ListGroups(
        RouteTenant tenant, [AsParameters] PageRequest page, GroupStore groups, ContinuationTokens tokens, CancellationToken cancellationToken)
    {
        var list = $"groups|{tenant.Id}";
        if (page.Problem(tokens, list, out var from) is { } problem)
        {
            return problem;
        }

        var (items, next) = await groups.ListAsync(tenant.Id, from, page.Size!.Value, cancellationToken);
        return TypedResults.Ok(new Page<GroupListItemDto>([.. items.Select(g => new GroupListItemDto(g.Id, g.Name, g.CreatedAt))], tokens.Protect(list, next)));
    }

    /// <summary>A group with its members counted (up to <see cref="GroupStore.CountedMembers"/>: one page of keys).</summary>
    public static async Task<Results<Ok<GroupDto>, NotFoundProblem>> GetGroup(
        RouteTenant tenant, string groupId, GroupStore groups, CancellationToken cancellationToken)
    {
        if (await FindAsync(tenant, groupId, groups, cancellationToken) is not { } group)
        {
            return UnknownGroup(tenant, groupId);
        }

        var (count, more) = await groups.CountMembersAsync(tenant.Id, group.Id, cancellationToken);
        return TypedResults.Ok(new GroupDto(group.Id, group.Name, group.CreatedAt, count, more, count == 0));
    }

    /// <summary>A page of a group's members in email order.</summary>
    public static async Task<Results<Ok<Page<GroupMemberDto>>, NotFoundProblem, ProblemHttpResult>> ListGroupMembers(
        RouteTenant tenant, string groupId, [AsParameters] PageRequest page, GroupStore groups, ContinuationTokens tokens, CancellationToken cancellationToken)
    {
        var list = $"members|{tenant.Id}|{groupId}";
        if (page.Problem(tokens, list, out var from) is { } problem)
        {
            return problem;
        }

        if (await FindAsync(tenant, groupId, groups, cancellationToken) is null)
        {
            return UnknownGroup(tenant, groupId);
        }

        var (items, next) = await groups.ListMembersAsync(tenant.Id, groupId, from, page.Size!.Value, cancellationToken);
        return TypedResults.Ok(new Page<GroupMemberDto>([.. items.Select(GroupMemberDto.From)], tokens.Protect(list, next)));
    }

    /// <summary>Puts a user in a group on the platform's side: the feed never removes this membership.</summary>
    public static async Task<Results<Ok<GroupMemberDto>, NotFoundProblem, ConflictProblem, StatusProblem>> PutGroupMember(
        RouteTenant tenant, string groupId, [FromRoute(Name = "email")] string routeEmail, GroupStore groups, UserStore users, TimeProvider time, CancellationToken cancellationToken)
    {
        var (user, email, problem) = await MemberRouteAsync(tenant, groupId, routeEmail, groups, users, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!user.PlatformGroups.Contains(groupId) && user.PlatformGroups.Count >= GroupNames.MaxPerUser)
        {
            return Problems.Conflict($"The platform has put '{email}' in {user.PlatformGroups.Count} groups, the most it may ({GroupNames.MaxPerUser}); take one away first.");
        }

        return await users.SetPlatformGroupAsync(tenant.Id, email, groupId, member: true, time.GetUtcNow(), HistoryOf(tenant), cancellationToken) is { } written
            ? TypedResults.Ok(MemberOf(written, groupId))
            : Problems.NotFound($"Tenant '{tenant.Id}' has no user '{email}'.");
    }

    /// <summary>Ends a user's platform membership of a group (a membership from the feed follows the files, not this).</summary>
    public static async Task<Results<NoContent, NotFoundProblem, ConflictProblem, StatusProblem>> DeleteGroupMember(
        RouteTenant tenant, string groupId, [FromRoute(Name = "email")] string routeEmail, GroupStore groups, UserStore users, TimeProvider time, CancellationToken cancellationToken)
    {
        var (user, email, problem) = await MemberRouteAsync(tenant, groupId, routeEmail, groups, users, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!user.PlatformGroups.Contains(groupId))
        {
            return user.FeedGroups.Contains(groupId)
                ? Problems.Conflict($"'{email}' is in group '{groupId}' from the feed, not the platform: the membership follows the files (it ends when a file no longer lists the group for them).")
                : Problems.NotFound($"'{email}' is not a member of group '{groupId}' on the platform's side.");
        }

        await users.SetPlatformGroupAsync(tenant.Id, email, groupId, member: false, time.GetUtcNow(), HistoryOf(tenant), cancellationToken);
        return TypedResults.NoContent();
    }

    private static HistorySource? HistoryOf(RouteTenant tenant) => tenant.Record.KeepsHistory ? HistorySource.OfPlatform() : null;

    /// <summary>The user a membership route names, or why there is none: an email that is not one (400), no such group or user (404).</summary>
    private static async Task<(UserRecord User, string Email, StatusProblem? Problem)> MemberRouteAsync(
        RouteTenant tenant, string groupId, string routeEmail, GroupStore groups, UserStore users, CancellationToken cancellationToken)
    {
        var email = routeEmail.Trim();
        if (!EmailAddress.IsValid(email))
        {
            return (null!, email, new BadRequestProblem(Problems.Validation("email", "The email in the route is not a valid email address.")));
        }

        if (await FindAsync(tenant, groupId, groups, cancellationToken) is null)
        {
            return (null!, email, UnknownGroup(tenant, groupId));
        }

        return await users.GetAsync(tenant.Id, email, cancellationToken) is { } user
            ? (user, email, null)
            : (null!, email, Problems.NotFound($"Tenant '{tenant.Id}' has no user '{email}'."));
    }

    private static GroupMemberDto MemberOf(UserRecord user, string groupId) =>
        GroupMemberDto.From(new GroupMember(EmailAddress.Normalize(user.Email), user.FeedGroups.Contains(groupId), user.PlatformGroups.Contains(groupId)));

    /// <summary>The group, or null when the id is not one (not shaped as ids are, or no such group of the tenant).</summary>
    private static async Task<Group?> FindAsync(RouteTenant tenant, string groupId, GroupStore groups, CancellationToken cancellationToken) =>
        GroupNames.IsId(groupId) ? await groups.GetAsync(tenant.Id, groupId, cancellationToken) : null;

    private static NotFoundProblem UnknownGroup(RouteTenant tenant, string groupId) =>
        Problems.NotFound($"Tenant '{tenant.Id}' has no group '{groupId}'. Groups are made by the feed when a file first names them; GET …/groups lists them.");
}
