namespace UserDataFeed.Adapters;

/// <summary>
/// A store's answers that trying again cannot change: a 4xx other than 404, 408, 409, 412 and 429 (a 400 such as
/// <c>PropertyValueTooLarge</c>, <c>EntityTooLarge</c> or <c>InvalidInput</c>, a 413, a 403). 404, 409 and 412 say
/// that the data moved under a run, which a new attempt plans again against; 408 and 429 that the store is busy.
/// </summary>
public static class StoreRefusals
{
    public static bool IsRefusal(int status) => status is >= 400 and < 500 and not (404 or 408 or 409 or 412 or 429);
}
