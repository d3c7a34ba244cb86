// The lasting part of a container's inspect answer, as the front ends keep it (host/engine/inspect-cache): what
// classifyContainer reads, less State and Name, which change during a container's life.
import type { ContainerInspect } from '../containers/ownership';

export type LastingInspect = Pick<ContainerInspect, 'Id' | 'Created' | 'Config' | 'Mounts' | 'HostConfig'>;

export function lastingPart(i: ContainerInspect): LastingInspect {
  return {
    Id: i.Id,
    Created: i.Created,
    // Config.User proves an owner by uid; HostConfig.Binds names the host tracker's /home/<user> mount owners.
    Config: i.Config ? { Image: i.Config.Image, User: i.Config.User, Labels: i.Config.Labels } : i.Config,
    Mounts: i.Mounts?.map((m) => ({ Type: m.Type, Source: m.Source, Destination: m.Destination })) ?? i.Mounts,
    HostConfig: i.HostConfig
      ? {
          CgroupParent: i.HostConfig.CgroupParent,
          Binds: i.HostConfig.Binds,
          DeviceRequests:
            i.HostConfig.DeviceRequests?.map((r) => ({ Driver: r.Driver, Count: r.Count, DeviceIDs: r.DeviceIDs, Capabilities: r.Capabilities })) ??
            i.HostConfig.DeviceRequests,
        }
      : i.HostConfig,
  };
}
