import IGNNeural
import IGNImage
