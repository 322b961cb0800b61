@NullMarked
package lanchat.identity;

import org.jspecify.annotations.NullMarked;
