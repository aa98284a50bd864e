namespace UserDataFeed.Bench.Generator;

/// <summary>
/// Value pools for generated people. Names carry their ASCII spelling for the email explicitly, so the
/// generator needs no Unicode normalisation (the build runs with invariant globalization).
/// </summary>
internal static class NamePools
{
    public static readonly (string Name, string Ascii)[] FirstNames =
    [
        ("Zoë", "zoe"), ("José", "jose"), ("Łukasz", "lukasz"), ("Søren", "soren"), ("Anaïs", "anais"),
        ("Björn", "bjorn"), ("Chloé", "chloe"), ("Dóra", "dora"), ("Émile", "emile"), ("François", "francois"),
        ("Jürgen", "jurgen"), ("Małgorzata", "malgorzata"), ("Nguyễn", "nguyen"), ("Ólafur", "olafur"), ("Renée", "renee"),
        ("Siobhán", "siobhan"), ("Tomáš", "tomas"), ("Ümit", "umit"), ("Ana", "ana"), ("David", "david"),
        ("Emma", "emma"), ("Grace", "grace"), ("Liam", "liam"), ("Noah", "noah"), ("Olivia", "olivia"),
        ("Priya", "priya"), ("Sofia", "sofia"), ("Wei", "wei"),
    ];

    public static readonly (string Name, string Ascii)[] LastNames =
    [
        ("Müller", "muller"), ("García", "garcia"), ("Kowalczyk", "kowalczyk"), ("Ødegård", "odegard"), ("Dvořák", "dvorak"),
        ("Schröder", "schroder"), ("Çelik", "celik"), ("Đặng", "dang"), ("Ólafsdóttir", "olafsdottir"), ("Nuñez", "nunez"),
        ("Łapińska", "lapinska"), ("Jönsson", "jonsson"), ("Lefèvre", "lefevre"), ("O'Brien", "obrien"), ("Smith", "smith"),
        ("Jones", "jones"), ("Brown", "brown"), ("Patel", "patel"), ("Kim", "kim"), ("Rossi", "rossi"),
        ("Silva", "silva"), ("Tanaka", "tanaka"), ("Walker", "walker"), ("Young", "young"),
    ];

    public static readonly string[] Departments =
    [
        "Sales", "Sales, EMEA", "Marketing", "Finance", "Human Resources", "Research & Development", "Engineering",
        "Customer Support", "Legal", "Operations", "Logistics", "Facilities",
    ];

    public static readonly string[] Sites =
    [
        "London", "Zürich", "São Paulo", "Kraków", "Malmö", "Montréal", "München", "Reykjavík", "Hà Nội", "Dublin",
        "New York", "Singapore",
    ];

    public static readonly string[] Domains = ["example.com", "Example.com", "corp.example.com"];
}
