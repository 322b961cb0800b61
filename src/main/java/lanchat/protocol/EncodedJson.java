package lanchat.protocol;

import java.util.Arrays;

/**
 * A reply body that is JSON already, sent as it is: for answers that many clients ask for
 * and that would otherwise be encoded again for each of them (the online list).
 *
 * @param bytes UTF-8 JSON; not copied, so whoever builds one must not change it
 * afterwards
 */
public record EncodedJson(byte[] bytes) {

	@Override
	public boolean equals(Object other) {
		return other instanceof EncodedJson that && Arrays.equals(bytes, that.bytes);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(bytes);
	}

	/** Its size only: an online list can be half a megabyte. */
	@Override
	public String toString() {
		return "EncodedJson[" + bytes.length + " bytes]";
	}

}
