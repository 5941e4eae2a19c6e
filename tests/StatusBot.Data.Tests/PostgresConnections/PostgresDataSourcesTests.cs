using Npgsql;
using StatusBot.Data.Dialects;

namespace StatusBot.Data.Tests.PostgresConnections;

public sealed class PostgresDataSourcesTests
{
    [Theory]
    [InlineData("Host=127.0.0.1;Database=statusbot", PostgresDataSources.DefaultMaxAutoPrepare)]
    [InlineData("Host=127.0.0.1;Database=statusbot;Max Auto Prepare=0", 0)]
    [InlineData("Host=127.0.0.1;Database=statusbot;maxautoprepare=7", 7)]
    public void Statements_are_prepared_unless_the_connection_string_says_otherwise(string connectionString, int expected)
    {
        using var dataSource = PostgresDataSources.Create(connectionString);

        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxAutoPrepare);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Database=statusbot", true)]
    [InlineData("Host=127.0.0.1;Database=statusbot;No Reset On Close=false", false)]
    [InlineData("Host=127.0.0.1;Database=statusbot;noresetonclose=false", false)]
    public void Pooled_connections_are_not_reset_unless_the_connection_string_says_otherwise(string connectionString, bool expected)
    {
        using var dataSource = PostgresDataSources.Create(connectionString);

        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).NoResetOnClose);
    }
}
