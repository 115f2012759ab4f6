package one.webph.allocatenumber.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

/** Reads the database directly, so the tests check what was stored, not what our code says it stored. */
final class Rows {

    private final DataSource dataSource;

    Rows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    long count(String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ha1, ha1b, ha1_sha256 and password of a number, or empty. */
    Optional<String[]> credentials(String number) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT ha1, ha1b, ha1_sha256, password FROM subscriber WHERE username = ?")) {
            s.setString(1, number);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new String[] {r.getString(1), r.getString(2), r.getString(3), r.getString(4)});
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
