package lanchat.history;

import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import org.jspecify.annotations.Nullable;

/**
 * The paging headers of SUBSCRIBE {@code /app/history}, checked.
 *
 * @param before only messages with a smaller id
 * @param after only messages with a larger id
 * @param limit how many at most (clamped to {@link HistoryService#MAX_LIMIT} when used)
 */
public record HistoryQuery(@Nullable Long before, @Nullable Long after, int limit) {

	/** Reads the raw header values; refuses in plain words what makes no sense. */
	public static HistoryQuery parse(@Nullable String before, @Nullable String after, @Nullable String limit) {
		if (before != null && after != null) {
			throw new Refusal(ErrorCode.BAD_REQUEST, "history takes either 'before' or 'after', not both");
		}
		int parsedLimit = limit == null ? HistoryService.DEFAULT_LIMIT
				: (int) Math.min(number("limit", limit), Integer.MAX_VALUE);
		if (parsedLimit < 1) {
			throw new Refusal(ErrorCode.BAD_REQUEST, "history 'limit' must be at least 1");
		}
		return new HistoryQuery(before == null ? null : number("before", before),
				after == null ? null : number("after", after), parsedLimit);
	}

	private static long number(String header, String value) {
		try {
			return Long.parseLong(value.strip());
		}
		catch (NumberFormatException ex) {
			throw new Refusal(ErrorCode.BAD_REQUEST,
					"history '" + header + "' must be a whole number, not \"" + value + "\"");
		}
	}

}
