package io.seqproxy.jdbc.schema;

/**
 * One column of a table as {@code DatabaseMetaData.getColumns} describes it.
 *
 * @param name the name as the database stores it
 * @param jdbcType the {@link java.sql.Types} code
 * @param typeName the database's type name
 * @param size the column size (digits for numbers)
 * @param nullable whether it accepts NULL
 * @param autoIncrement {@code IS_AUTOINCREMENT}: AUTO_INCREMENT, IDENTITY, SERIAL
 * @param generated {@code IS_GENERATEDCOLUMN}: computed from other columns
 */
public record ColumnInfo(String name, int jdbcType, String typeName, int size, boolean nullable,
    boolean autoIncrement, boolean generated) {}
