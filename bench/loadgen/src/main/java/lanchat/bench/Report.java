package lanchat.bench;

import java.util.Map;

final class Report {
    static void main(Map<String, String> opt) {
    }
}
