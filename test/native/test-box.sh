# box
