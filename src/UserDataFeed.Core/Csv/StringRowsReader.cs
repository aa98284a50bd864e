using System.Collections;
using System.Collections.ObjectModel;
using System.Data.Common;

namespace UserDataFeed.Core.Csv;

/// <summary>
/// Rows of strings as the forward-only <see cref="DbDataReader"/> that <see cref="Sylvan.Data.Csv.CsvDataWriter"/>
/// writes from, one row at a time. Only what a writer reads is supported.
/// </summary>
internal sealed class StringRowsReader(IReadOnlyList<string> header, IEnumerable<string[]> rows) : DbDataReader, IDbColumnSchemaGenerator
{
    private readonly IEnumerator<string[]> rows = rows.GetEnumerator();

    public override int FieldCount => header.Count;

    public override bool Read()
    {
        if (!rows.MoveNext())
        {
            return false;
        }

        return rows.Current.Length == header.Count
            ? true
            : throw new InvalidOperationException($"A row has {rows.Current.Length} cells; the header has {header.Count}.");
    }

    public override string GetName(int ordinal) => header[ordinal];

    /// <summary>Every column a string that is never null.</summary>
    public ReadOnlyCollection<DbColumn> GetColumnSchema() => new([.. header.Select((name, ordinal) => new TextColumn(name, ordinal))]);

    public override Type GetFieldType(int ordinal) => typeof(string);

    public override string GetDataTypeName(int ordinal) => "string";

    public override string GetString(int ordinal) => rows.Current[ordinal];

    public override object GetValue(int ordinal) => rows.Current[ordinal];

    public override bool IsDBNull(int ordinal) => false;

    public override int GetOrdinal(string name) => header.ToList().IndexOf(name);

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool HasRows => true;

    public override bool IsClosed => false;

    public override int RecordsAffected => -1;

    public override int Depth => 0;

    public override bool NextResult() => false;

    public override IEnumerator GetEnumerator() => throw new NotSupportedException();

    public override int GetValues(object[] values) => throw new NotSupportedException();

    public override bool GetBoolean(int ordinal) => throw new NotSupportedException();

    public override byte GetByte(int ordinal) => throw new NotSupportedException();

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => throw new NotSupportedException();

    public override char GetChar(int ordinal) => throw new NotSupportedException();

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => throw new NotSupportedException();

    public override DateTime GetDateTime(int ordinal) => throw new NotSupportedException();

    public override decimal GetDecimal(int ordinal) => throw new NotSupportedException();

    public override double GetDouble(int ordinal) => throw new NotSupportedException();

    public override float GetFloat(int ordinal) => throw new NotSupportedException();

    public override Guid GetGuid(int ordinal) => throw new NotSupportedException();

    public override short GetInt16(int ordinal) => throw new NotSupportedException();

    public override int GetInt32(int ordinal) => throw new NotSupportedException();

    public override long GetInt64(int ordinal) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            rows.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class TextColumn : DbColumn
    {
        public TextColumn(string name, int ordinal)
        {
            ColumnName = name;
            ColumnOrdinal = ordinal;
            DataType = typeof(string);
            DataTypeName = "string";
            AllowDBNull = false;
        }
    }
}
