/** AWS ECR through its API and ECS rollout verification. Not built yet: the module holds no provider. */
module dev.baton.aws {
  requires dev.baton;
}
