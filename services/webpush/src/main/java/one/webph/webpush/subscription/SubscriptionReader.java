package one.webph.webpush.subscription;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a number's subscriptions for sending with one plain JDBC query. Why not the repository:
 * the cache re-reads every busy number every few seconds, and a Hibernate session, transaction
 * and entity load cost several milliseconds of CPU each time where the query costs a fraction of
 * one. Blocking: worker threads only.
 */
@ApplicationScoped
class SubscriptionReader {

    private static final String BY_NUMBER = "SELECT id, number, device_id, endpoint, p256dh, auth, last_success_at "
            + "FROM push_subscription WHERE number = ?";

    private final AgroalDataSource dataSource;

    SubscriptionReader(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    List<DeviceSubscription> forNumber(String number) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(BY_NUMBER)) {
            query.setString(1, number);
            List<DeviceSubscription> devices = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Timestamp lastSuccess = rows.getTimestamp("last_success_at");
                    devices.add(new DeviceSubscription(rows.getLong("id"), rows.getString("number"), rows.getString("device_id"),
                            URI.create(rows.getString("endpoint")), rows.getString("p256dh"), rows.getString("auth"),
                            lastSuccess == null ? null : lastSuccess.toInstant()));
                }
            }
            return devices;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the subscriptions of " + number + ": " + e.getMessage(), e);
        }
    }
}
