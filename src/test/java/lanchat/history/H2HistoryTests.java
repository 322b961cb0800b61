package lanchat.history;

/**
 * The history contract on the default embedded H2 database.
 */
class H2HistoryTests extends HistorySuite {

}
