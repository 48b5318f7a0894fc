import IGN
