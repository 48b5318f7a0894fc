// Neural engine.
